#include "checkdnsdialog.h"

#include "dnsposture.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

CheckDnsDialog::CheckDnsDialog(
    const QStringList &domains, InputsFor inputs, const QHostAddress &nameserver, QWidget *parent)
    : QDialog(parent)
    , m_inputs(std::move(inputs))
    , m_domain(new QComboBox(this))
    , m_run(new QPushButton(tr("&Check"), this))
    , m_result(new QPlainTextEdit(this))
    , m_check(new DnsPostureCheck(this))
{
    setWindowTitle(tr("Check DNS"));
    m_domain->setEditable(true);
    m_domain->addItems(domains);
    m_domain->setMinimumContentsLength(24);
    m_result->setReadOnly(true);
    m_result->setPlaceholderText(
        tr("The domain's DMARC, SPF and DKIM records, and what is wrong with them."));
    if (!nameserver.isNull())
        m_check->setNameserver(nameserver);
    connect(m_run, &QPushButton::clicked, this, &CheckDnsDialog::check);
    connect(m_check, &DnsPostureCheck::finished, this, [this](const DnsPosture &posture) {
        showPosture(posture);
        m_run->setEnabled(true);
        Q_EMIT checked();
    });

    auto *row = new QHBoxLayout;
    auto *label = new QLabel(tr("&Domain:"), this);
    label->setBuddy(m_domain);
    row->addWidget(label);
    row->addWidget(m_domain, 1);
    row->addWidget(m_run);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_result, 1);
    layout->addWidget(buttons);
    resize(760, 460);
    m_run->setDefault(true);
}

void CheckDnsDialog::check()
{
    const QString domain = m_domain->currentText().trimmed().toLower();
    if (domain.isEmpty())
        return;
    m_run->setEnabled(false);
    m_result->setPlainText(tr("Asking DNS about %1…").arg(domain));
    const Inputs inputs = m_inputs ? m_inputs(domain) : Inputs();
    m_check->setSpfOnlyAuthorisedSources(inputs.spfOnlySources);
    m_check->start(domain, inputs.selectors);
}

QString CheckDnsDialog::resultText() const
{
    return m_result->toPlainText();
}

void CheckDnsDialog::showPosture(const DnsPosture &posture)
{
    QStringList lines;
    lines
        << tr("DMARC  %1").arg(posture.dmarcRecord.isEmpty() ? tr("(none)") : posture.dmarcRecord);
    lines << tr("SPF    %1  (%2 DNS lookups)")
                 .arg(posture.spfRecord.isEmpty() ? tr("(none)") : posture.spfRecord)
                 .arg(posture.spfLookups);
    for (const DnsPosture::DkimKey &key : posture.dkim)
        lines << tr("DKIM   %1: %2")
                     .arg(key.selector,
                         key.found ? (key.revoked ? tr("revoked") : tr("key published"))
                                   : tr("no key"));
    lines << QString();
    if (posture.problems.isEmpty())
        lines << tr("Nothing to fix.");
    else
        for (const QString &problem : posture.problems)
            lines << QStringLiteral("• ") + problem;
    m_result->setPlainText(lines.join(QLatin1Char('\n')));
}
