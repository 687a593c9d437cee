#include "settingsdialog.h"

#include "geoip.h"
#include "orgmap.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

const Organisation::Type Types[]
    = { Organisation::Type::EmailServiceProvider, Organisation::Type::MailboxProvider,
          Organisation::Type::Forwarder, Organisation::Type::University,
          Organisation::Type::WebHost, Organisation::Type::SecurityGateway, Organisation::Type::Isp,
          Organisation::Type::CloudHosting };

} // namespace

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_dnsEnabled(new QCheckBox(tr("Look up the names of new sources (reverse DNS)"), this))
    , m_nameserver(new QLineEdit(this))
    , m_geoip(new QLineEdit(this))
    , m_organisations(new QTableWidget(0, 3, this))
{
    setWindowTitle(tr("Settings"));
    QSettings settings;
    m_dnsEnabled->setChecked(settings.value(QStringLiteral("dns/enabled"), true).toBool());
    m_nameserver->setText(settings.value(QStringLiteral("dns/nameserver")).toString());
    m_nameserver->setPlaceholderText(tr("the system's"));
    auto *dns = new QGroupBox(tr("DNS"), this);
    auto *dnsLayout = new QFormLayout(dns);
    dnsLayout->addRow(m_dnsEnabled);
    dnsLayout->addRow(tr("&Name server (IP address):"), m_nameserver);
    m_geoip->setText(GeoIp::configuredPath());
    m_geoip->setPlaceholderText(tr("none: no country column"));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("GeoIP Database"),
            m_geoip->text(), tr("MaxMind databases (*.mmdb);;All files (*)"));
        if (!path.isEmpty())
            setGeoIpDatabase(path);
    });
    auto *geoipRow = new QHBoxLayout;
    geoipRow->addWidget(m_geoip, 1);
    geoipRow->addWidget(browse);
    dnsLayout->addRow(tr("&GeoIP database (.mmdb):"), geoipRow);

    // OAuth2 for Gmail and Microsoft 365: each deployment registers its own application.
    QSettings stored;
    m_oauthClientId
        = new QLineEdit(stored.value(QStringLiteral("oauth/clientId")).toString(), this);
    m_oauthClientId->setPlaceholderText(tr("from your Google Cloud or Azure app registration"));
    m_oauthClientSecret
        = new QLineEdit(stored.value(QStringLiteral("oauth/clientSecret")).toString(), this);
    m_oauthClientSecret->setPlaceholderText(tr("only if the provider issued one"));
    dnsLayout->addRow(tr("OAuth2 &client id:"), m_oauthClientId);
    dnsLayout->addRow(tr("OAuth2 client &secret:"), m_oauthClientSecret);

    m_organisations->setHorizontalHeaderLabels(
        { tr("Base domain"), tr("Organisation"), tr("Type") });
    m_organisations->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_organisations->verticalHeader()->hide();
    const OrgMap mine = OrgMap::fromCsv(OrgMap::userEntries().toUtf8());
    QStringList domains = mine.entries().keys();
    domains.sort();
    for (const QString &domain : std::as_const(domains)) {
        const Organisation &organisation = mine.entries().value(domain);
        addOrganisation(domain, organisation.name, Organisation::typeName(organisation.type));
    }
    auto *add = new QPushButton(tr("&Add"), this);
    auto *remove = new QPushButton(tr("&Remove"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        addOrganisation({}, {}, Organisation::typeName(Organisation::Type::Forwarder));
        m_organisations->editItem(m_organisations->item(m_organisations->rowCount() - 1, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_organisations->currentRow() >= 0)
            m_organisations->removeRow(m_organisations->currentRow());
    });
    auto *organisations = new QGroupBox(tr("Your organisations"), this);
    auto *organisationsLayout = new QVBoxLayout(organisations);
    auto *hint = new QLabel(tr("Entries here win over the %1 the application knows. A source "
                               "whose reverse DNS or authenticated domain falls under a base "
                               "domain is classified by its type.")
                                .arg(OrgMap::shipped().size()),
        this);
    hint->setWordWrap(true);
    organisationsLayout->addWidget(hint);
    organisationsLayout->addWidget(m_organisations, 1);
    auto *buttonsRow = new QHBoxLayout;
    buttonsRow->addWidget(add);
    buttonsRow->addWidget(remove);
    buttonsRow->addStretch();
    organisationsLayout->addLayout(buttonsRow);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(dns);
    layout->addWidget(organisations, 1);
    layout->addWidget(buttons);
    resize(640, 520);
}

void SettingsDialog::addOrganisation(
    const QString &domain, const QString &name, const QString &type)
{
    const int row = m_organisations->rowCount();
    m_organisations->insertRow(row);
    m_organisations->setItem(row, 0, new QTableWidgetItem(domain));
    m_organisations->setItem(row, 1, new QTableWidgetItem(name));
    auto *types = new QComboBox(m_organisations);
    for (const Organisation::Type value : Types)
        types->addItem(Organisation::typeName(value));
    types->setCurrentText(type);
    m_organisations->setCellWidget(row, 2, types);
}

void SettingsDialog::setGeoIpDatabase(const QString &path)
{
    m_geoip->setText(path);
}

void SettingsDialog::save()
{
    QSettings settings;
    settings.setValue(QStringLiteral("geoip/database"), m_geoip->text().trimmed());
    settings.setValue(QStringLiteral("oauth/clientId"), m_oauthClientId->text().trimmed());
    settings.setValue(QStringLiteral("oauth/clientSecret"), m_oauthClientSecret->text().trimmed());
    settings.setValue(QStringLiteral("dns/enabled"), m_dnsEnabled->isChecked());
    const QString nameserver = m_nameserver->text().trimmed();
    settings.setValue(QStringLiteral("dns/nameserver"),
        QHostAddress(nameserver).isNull() ? QString() : nameserver);
    OrgMap mine;
    for (int row = 0; row < m_organisations->rowCount(); ++row) {
        const QString domain = m_organisations->item(row, 0)
            ? m_organisations->item(row, 0)->text().trimmed().toLower()
            : QString();
        const QString name = m_organisations->item(row, 1)
            ? m_organisations->item(row, 1)->text().trimmed()
            : QString();
        const auto *type = qobject_cast<QComboBox *>(m_organisations->cellWidget(row, 2));
        if (domain.isEmpty() || !type)
            continue;
        mine.insert(domain,
            { name.isEmpty() ? domain : name, Organisation::typeFromName(type->currentText()) });
    }
    OrgMap::setUserEntries(QString::fromUtf8(mine.toCsv()));
}
