#pragma once

#include "linker.h"
#include "mailflags.h"
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
    QString sourceIp; // the linked row's source
    QStringList reasons;
    Linker::Strength strength = Linker::Strength::Medium;
    QStringList flags; // MailFlags of the original: forged DKIM, mismatched HELO
};

// The linked notices of a source or report: the newest ones in full, and how many there are.
struct Evidence
{
    QList<EvidenceRow> rows; // newest first, at most the limit asked for
    qint64 notices = 0; // linked notices in all
    qint64 failureReports = 0; // of which failure reports
    QString error; // why nothing could be read, for panes loaded on another thread
    bool complete() const { return rows.size() == notices; }
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

    // A busy relay's source has tens of thousands of linked notices on a large store: a pane
    // shows the newest first and reads the rest when asked to.
    static constexpr int FirstPage = 500;

    // The linked mail of one source IP, newest first; `limit` < 0 reads all. `flags` are the
    // store's (MailFlags::load), read once per change of the store rather than per pane.
    static Evidence load(QSqlDatabase db, const QString &ip, const MailFlags &flags,
        int limit = FirstPage, QString *error = nullptr);
    // The linked mail of every row of one aggregate report.
    static Evidence loadForReport(QSqlDatabase db, qint64 reportRef, const MailFlags &flags,
        int limit = FirstPage, QString *error = nullptr);
    // Recipient domains with their counts, most first: "gmx.de (12)".
    static QStringList recipientDomains(const QList<EvidenceRow> &rows);

private:
    struct Linked
    {
        qint64 mailRef = 0;
        QString sourceIp;
        QStringList reasons;
        qint64 arrival = 0;
        bool failureReport = false;
    };
    // Merges a notice's links (its address and its signature, or several sources) into one.
    static void merge(QHash<qint64, Linked> &linked, Linked link);
    // The newest `limit` of `linked` in full, with the counts of all.
    static Evidence page(QSqlDatabase db, const QHash<qint64, Linked> &linked,
        const MailFlags &flags, int limit, QString *error);
    static bool loadDetails(
        QSqlDatabase db, QList<EvidenceRow> &rows, const MailFlags &flags, QString *error);

protected:
    QVariant cell(const EvidenceRow &row, int column, int role) const override;
    QString columnTitle(int column) const override;
};
