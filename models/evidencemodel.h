#pragma once

#include "linker.h"
#include "rowtablemodel.h"

#include <QMap>
#include <QSqlDatabase>

// The evidence pane of a source: the bounces and failure reports linked to its aggregate rows,
// with why each is linked and how strongly; and the recipient domains the campaign hit.
struct EvidenceRow
{
    qint64 mailRef = 0;
    QString kind; // bounce, failure
    qint64 date = 0;
    QString reporter; // reporting MTA of a bounce, From domain of a failure report
    QString recipients; // failed recipients (bounce) / Original-Rcpt-To (failure)
    QString subject; // of the original message
    QString reportId; // the linked row's report
    QString sourceIp; // the linked row's source
    QStringList reasons;
    Linker::Strength strength = Linker::Strength::Medium;
    QStringList flags; // MailFlags of the original: forged DKIM, mismatched HELO
};

class EvidenceModel : public RowTableModel<EvidenceRow>
{
    Q_OBJECT
public:
    enum Column
    {
        DateColumn,
        KindColumn,
        SourceColumn,
        ReporterColumn,
        RecipientsColumn,
        SubjectColumn,
        ReasonsColumn,
        StrengthColumn,
        FlagsColumn,
        ColumnCount
    };

    explicit EvidenceModel(QObject *parent = nullptr);

    // The linked mail of one source IP, newest first.
    static QList<EvidenceRow> load(QSqlDatabase db, const QString &ip, QString *error = nullptr);
    // The linked mail of every row of one aggregate report.
    static QList<EvidenceRow> loadForReport(
        QSqlDatabase db, qint64 reportRef, QString *error = nullptr);
    // Recipient domains with their counts, most first: "gmx.de (12)".
    static QStringList recipientDomains(const QList<EvidenceRow> &rows);

private:
    static QList<EvidenceRow> loadWhere(
        QSqlDatabase db, const QString &condition, const QVariant &value, QString *error);

protected:
    QVariant cell(const EvidenceRow &row, int column, int role) const override;
    QString columnTitle(int column) const override;
};
