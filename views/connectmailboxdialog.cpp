#include "connectmailboxdialog.h"

#include "imapaccounts.h"
#include "imapfoldermodel.h"
#include "imapoauth.h"
#include "imapsecrets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

ConnectMailboxDialog::ConnectMailboxDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Connect a Mailbox"));
    m_accounts = new QComboBox(this);
    m_accounts->addItem(tr("New account"));
    for (const ImapAccount &known : ImapAccounts::load())
        m_accounts->addItem(known.key());
    m_host = new QLineEdit(this);
    m_host->setPlaceholderText(tr("imap.example.com"));
    m_port = new QSpinBox(this);
    m_port->setRange(1, 65535);
    m_port->setValue(993);
    m_security = new QComboBox(this);
    m_security->addItem(tr("TLS (port 993)"), int(ImapEndpoint::Security::Tls));
    m_security->addItem(tr("STARTTLS (port 143)"), int(ImapEndpoint::Security::StartTls));
    m_user = new QLineEdit(this);
    m_user->setPlaceholderText(tr("dmarc-reports@example.com"));
    m_auth = new QComboBox(this);
    m_auth->addItem(tr("Password"), int(ImapAccount::Auth::Password));
    m_auth->addItem(
        tr("OAuth2 access token (Gmail, Microsoft 365)"), int(ImapAccount::Auth::OAuth2));
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_remember = new QCheckBox(tr("Remember in the system keyring"), this);
    m_remember->setChecked(true);
    m_signIn = new QPushButton(tr("Sign In with &Browser…"), this);
    m_signIn->hide();
    m_keyringNote = new QLabel(this);
    m_keyringNote->setWordWrap(true);
    m_keyringNote->hide();

    auto *server = new QGroupBox(tr("Server"), this);
    auto *form = new QFormLayout(server);
    form->addRow(tr("&Account:"), m_accounts);
    auto *hostRow = new QHBoxLayout;
    hostRow->addWidget(m_host, 1);
    auto *portLabel = new QLabel(tr("P&ort:"), this);
    portLabel->setBuddy(m_port);
    hostRow->addWidget(portLabel);
    hostRow->addWidget(m_port);
    // Rows holding a layout get no buddy of their own: name it, or "&" shows literally.
    auto *hostLabel = new QLabel(tr("&Server:"), this);
    hostLabel->setBuddy(m_host);
    form->addRow(hostLabel, hostRow);
    form->addRow(tr("S&ecurity:"), m_security);
    form->addRow(tr("&User name:"), m_user);
    form->addRow(tr("Sign &in with:"), m_auth);
    auto *passwordRow = new QHBoxLayout;
    passwordRow->addWidget(m_password, 1);
    passwordRow->addWidget(m_signIn);
    auto *passwordLabel = new QLabel(tr("&Password:"), this);
    passwordLabel->setBuddy(m_password);
    form->addRow(passwordLabel, passwordRow);
    form->addRow(QString(), m_remember);
    form->addRow(QString(), m_keyringNote);

    m_test = new QPushButton(tr("&Test Connection"), this);
    m_result = new QLabel(tr("Test the connection to list the folders."), this);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_trust = new QPushButton(tr("Trust This Certificate"), this);
    m_trust->hide();
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_result, 1);
    testRow->addWidget(m_trust);

    m_folders = new ImapFolderModel(this);
    m_folderView = new QTreeView(this);
    m_folderView->setModel(m_folders);
    m_folderView->header()->hide();
    m_folderView->setMinimumHeight(140);
    m_markRead = new QCheckBox(tr("Mark messages &read once stored"), this);
    m_moveTo = new QComboBox(this);
    m_moveTo->setEditable(true);
    m_moveTo->addItem(QString());
    m_moveTo->setToolTip(tr("Leave empty to keep messages where they are"));
    m_watch = new QCheckBox(tr("&Watch for new mail while DMARC Scope runs"), this);
    m_watch->setChecked(true);
    auto *folders = new QGroupBox(tr("Folders to read"), this);
    auto *foldersLayout = new QVBoxLayout(folders);
    foldersLayout->addWidget(m_folderView, 1);
    auto *after = new QFormLayout;
    after->addRow(m_markRead);
    after->addRow(tr("After import, &move to:"), m_moveTo);
    after->addRow(m_watch);
    foldersLayout->addLayout(after);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Sync"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(server);
    layout->addLayout(testRow);
    layout->addWidget(folders, 1);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(
        m_accounts, &QComboBox::currentIndexChanged, this, &ConnectMailboxDialog::chooseAccount);
    connect(
        m_security, &QComboBox::currentIndexChanged, this, &ConnectMailboxDialog::securityChanged);
    connect(m_auth, &QComboBox::currentIndexChanged, this, [this] {
        const bool oauth = m_auth->currentData().toInt() == int(ImapAccount::Auth::OAuth2);
        m_password->setPlaceholderText(oauth ? tr("access token (or sign in)") : QString());
        m_signIn->setVisible(oauth);
    });
    connect(m_signIn, &QPushButton::clicked, this, &ConnectMailboxDialog::signInWithBrowser);
    connect(m_test, &QPushButton::clicked, this, &ConnectMailboxDialog::testConnection);
    connect(m_trust, &QPushButton::clicked, this, &ConnectMailboxDialog::trustCertificate);
    connect(&m_probe, &QFutureWatcherBase::finished, this, &ConnectMailboxDialog::showTestResult);
    setAccount({}, {});
    m_folders->setFolders(
        { { QStringLiteral("INBOX"), QLatin1Char('/'), true } }, { QStringLiteral("INBOX") });
    resize(560, 640);
}

ImapAccount ConnectMailboxDialog::account() const
{
    ImapAccount account;
    account.endpoint.host = m_host->text().trimmed();
    account.endpoint.port = quint16(m_port->value());
    account.endpoint.security = ImapEndpoint::Security(m_security->currentData().toInt());
    account.endpoint.pinnedSha256 = m_pin;
    account.user = m_user->text().trimmed();
    account.auth = ImapAccount::Auth(m_auth->currentData().toInt());
    account.folders = m_folders->checkedFolders();
    if (account.folders.isEmpty())
        account.folders
            = m_savedFolders.isEmpty() ? QStringList { QStringLiteral("INBOX") } : m_savedFolders;
    account.markRead = m_markRead->isChecked();
    account.moveTo = m_moveTo->currentText().trimmed();
    account.watch = m_watch->isChecked();
    return account;
}

ImapSync::Credentials ConnectMailboxDialog::credentials() const
{
    if (m_auth->currentData().toInt() == int(ImapAccount::Auth::OAuth2))
        return { {}, m_password->text() };
    return { m_password->text(), {} };
}

bool ConnectMailboxDialog::rememberPassword() const
{
    return m_remember->isChecked()
        && m_auth->currentData().toInt() == int(ImapAccount::Auth::Password);
}

QString ConnectMailboxDialog::testResult() const
{
    return m_result->text();
}

void ConnectMailboxDialog::setAccount(const ImapAccount &account, const QString &password)
{
    m_host->setText(account.endpoint.host);
    m_port->setValue(account.endpoint.host.isEmpty() ? 993 : account.endpoint.port);
    m_security->setCurrentIndex(qMax(0, m_security->findData(int(account.endpoint.security))));
    m_user->setText(account.user);
    m_auth->setCurrentIndex(qMax(0, m_auth->findData(int(account.auth))));
    m_password->setText(password);
    m_pin = account.endpoint.pinnedSha256;
    m_savedFolders = account.folders;
    QList<ImapFolder> known;
    for (const QString &folder : account.folders)
        known.append({ folder, QLatin1Char('/'), true });
    m_folders->setFolders(known, account.folders);
    m_markRead->setChecked(account.markRead);
    m_moveTo->setCurrentText(account.moveTo);
    m_watch->setChecked(account.endpoint.host.isEmpty() || account.watch);
}

void ConnectMailboxDialog::chooseAccount(int index)
{
    m_keyringNote->hide();
    if (index <= 0) {
        setAccount({}, {});
        return;
    }
    const QString key = m_accounts->itemText(index);
    for (const ImapAccount &known : ImapAccounts::load()) {
        if (known.key() != key)
            continue;
        QString password;
        QString error;
        const auto found = ImapSecrets::read(key, ImapSecrets::passwordKind(), &password, &error);
        if (found == ImapSecrets::Result::NoKeyring) {
            m_keyringNote->setText(
                tr("No system keyring is available (%1): enter the password; it is used for this "
                   "session only and never saved.")
                    .arg(error));
            m_keyringNote->show();
            m_remember->setChecked(false);
        }
        setAccount(known, password);
    }
}

void ConnectMailboxDialog::securityChanged()
{
    const bool tls = m_security->currentData().toInt() == int(ImapEndpoint::Security::Tls);
    if (m_port->value() == 993 || m_port->value() == 143)
        m_port->setValue(tls ? 993 : 143);
}

void ConnectMailboxDialog::testConnection()
{
    if (m_probe.isRunning())
        return;
    m_test->setEnabled(false);
    m_trust->hide();
    m_result->setText(tr("Connecting to %1…").arg(m_host->text()));
    const ImapAccount tested = account();
    const ImapSync::Credentials secret = credentials();
    m_probe.setFuture(
        QtConcurrent::run([tested, secret] { return ImapProbe::run(tested, secret); }));
}

void ConnectMailboxDialog::showTestResult()
{
    m_test->setEnabled(true);
    const ImapProbe::Result result = m_probe.result();
    m_result->setText(result.message);
    if (result.error == ImapConnection::Error::Certificate) {
        m_refusedFingerprint = result.certificateSha256;
        m_trust->show();
    }
    if (result.ok) {
        QStringList checked = m_folders->checkedFolders();
        if (checked.isEmpty())
            checked = m_savedFolders;
        m_folders->setFolders(result.folders, checked);
        m_folderView->expandAll();
        const QString moveTo = m_moveTo->currentText();
        m_moveTo->clear();
        m_moveTo->addItem(QString());
        for (const ImapFolder &folder : result.folders)
            if (folder.selectable)
                m_moveTo->addItem(folder.name);
        m_moveTo->setCurrentText(moveTo);
    }
    Q_EMIT tested(result.ok);
}

void ConnectMailboxDialog::trustCertificate()
{
    m_pin = m_refusedFingerprint;
    m_trust->hide();
    testConnection();
}

void ConnectMailboxDialog::signInWithBrowser()
{
    const auto provider = ImapOAuth::forHost(m_host->text().trimmed());
    QSettings settings;
    const QString clientId = settings.value(QStringLiteral("oauth/clientId")).toString();
    if (!provider) {
        m_result->setText(tr("No OAuth2 provider is known for %1; Gmail (imap.gmail.com) and "
                             "Microsoft 365 (outlook.office365.com) are.")
                              .arg(m_host->text()));
        return;
    }
    if (clientId.isEmpty()) {
        m_result->setText(tr("Set the OAuth2 client id in File > Settings first."));
        return;
    }
    delete m_oauth;
    m_oauth = new ImapOAuth(
        *provider, clientId, settings.value(QStringLiteral("oauth/clientSecret")).toString(), this);
    connect(m_oauth, &ImapOAuth::openBrowser, this,
        [](const QUrl &url) { QDesktopServices::openUrl(url); });
    connect(m_oauth, &ImapOAuth::signedIn, this,
        [this, name = provider->name](const QString &access, const QString &refresh) {
            m_password->setText(access);
            m_refreshToken = refresh;
            m_result->setText(tr("Signed in with %1.").arg(name));
        });
    connect(m_oauth, &ImapOAuth::failed, this,
        [this](const QString &error) { m_result->setText(error); });
    m_result->setText(tr("Waiting for the sign-in in your browser…"));
    m_oauth->signIn();
}
