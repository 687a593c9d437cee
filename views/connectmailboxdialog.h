#pragma once

#include "imapaccount.h"
#include "imapprobe.h"
#include "imapsync.h"

#include <QDialog>
#include <QFutureWatcher>

class ImapFolderModel;
class ImapOAuth;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeView;

// Mailbox > Connect: where the mailbox is, who signs in, which folders to read and what to do
// with a message once stored. Test Connection signs in and lists the folders on a worker thread
// and says what happened in words; a refused certificate shows its fingerprint and can be
// trusted (pinned) from here. Passwords go to the system keyring when the user asks and one is
// available, never anywhere else.
class ConnectMailboxDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectMailboxDialog(QWidget *parent = nullptr);

    ImapAccount account() const;
    ImapSync::Credentials credentials() const;
    // The secret to store in the keyring, or empty when the user did not ask for it.
    bool rememberPassword() const;
    // The OAuth2 refresh token of a browser sign-in, for the keyring (empty without one).
    QString refreshToken() const { return m_refreshToken; }
    void setAccount(const ImapAccount &account, const QString &password);
    // Test Connection's result as shown (for tests).
    QString testResult() const;
    QPushButton *testButton() const { return m_test; }
    QPushButton *trustButton() const { return m_trust; }
    ImapFolderModel *folderModel() const { return m_folders; }

Q_SIGNALS:
    void tested(bool ok);

private:
    void chooseAccount(int index);
    void securityChanged();
    void testConnection();
    void showTestResult();
    void trustCertificate();
    void signInWithBrowser();

    QComboBox *m_accounts;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QComboBox *m_security;
    QLineEdit *m_user;
    QComboBox *m_auth;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_keyringNote;
    QPushButton *m_test;
    QLabel *m_result;
    QPushButton *m_trust;
    QPushButton *m_signIn;
    ImapOAuth *m_oauth = nullptr;
    QString m_refreshToken;
    QTreeView *m_folderView;
    ImapFolderModel *m_folders;
    QCheckBox *m_markRead;
    QComboBox *m_moveTo;
    QCheckBox *m_watch;
    QByteArray m_pin;
    QByteArray m_refusedFingerprint;
    QStringList m_savedFolders;
    QFutureWatcher<ImapProbe::Result> m_probe;
};
