#pragma once

#include <QDialog>
#include <QHostAddress>

#include <functional>

class DnsPostureCheck;
class QComboBox;
class QPlainTextEdit;
class QPushButton;
struct DnsPosture;

// Domain > Check DNS: fetches a policy domain's DMARC, SPF and DKIM records and lists what is
// wrong with them, in words.
class CheckDnsDialog : public QDialog
{
    Q_OBJECT
public:
    struct Inputs
    {
        QStringList selectors; // seen in the domain's reports
        QStringList spfOnlySources; // authorised sources without DKIM
    };
    using InputsFor = std::function<Inputs(const QString &domain)>;

    CheckDnsDialog(const QStringList &domains, InputsFor inputs, const QHostAddress &nameserver,
        QWidget *parent = nullptr);

    void check();
    QString resultText() const;

Q_SIGNALS:
    void checked();

private:
    void showPosture(const DnsPosture &posture);

    InputsFor m_inputs;
    QComboBox *m_domain;
    QPushButton *m_run;
    QPlainTextEdit *m_result;
    DnsPostureCheck *m_check;
};
