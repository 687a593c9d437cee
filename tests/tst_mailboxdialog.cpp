#include "connectmailboxdialog.h"
#include "dovecotserver.h"
#include "imapaccounts.h"
#include "imapfoldermodel.h"
#include "importlogmodel.h"
#include "mainwindow.h"
#include "testutil.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

// Mailbox > Connect against a real Dovecot: Test Connection lists the folder tree; a certificate
// the system does not trust is refused with its fingerprint and trusted with one click.
class TestMailboxDialog : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    DovecotServer m_server;

    void fill(ConnectMailboxDialog &dialog, const QString &password)
    {
        const auto edits = dialog.findChildren<QLineEdit *>();
        edits.at(0)->setText(QStringLiteral("127.0.0.1"));
        dialog.findChild<QSpinBox *>()->setValue(m_server.imapsPort());
        for (QLineEdit *edit : edits) {
            if (edit->echoMode() == QLineEdit::Password)
                edit->setText(password);
            else if (edit->placeholderText().contains(QLatin1Char('@')))
                edit->setText(QString::fromLatin1(DovecotServer::User));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(TestUtil::useThrowawayHome(m_home));
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QVERIFY(m_server.deliver({}, QStringLiteral("Reports.DMARC")));
        QVERIFY(m_server.deliver({}, QStringLiteral("Reports.Bounces")));
    }

    void certificateRefusedThenTrustedAndFoldersListed()
    {
        ConnectMailboxDialog dialog;
        QAbstractItemModelTester tester(dialog.folderModel());
        fill(dialog, QString::fromLatin1(DovecotServer::Password));
        QSignalSpy tested(&dialog, &ConnectMailboxDialog::tested);

        QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 20000);
        QCOMPARE(tested.at(0).at(0).toBool(), false);
        QVERIFY2(dialog.testResult().contains(QLatin1String("not trusted")),
            qPrintable(dialog.testResult()));
        QVERIFY(dialog.testResult().contains(QLatin1String("SHA-256")));
        QVERIFY(!dialog.trustButton()->isHidden());

        QTest::mouseClick(dialog.trustButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 2, 20000);
        QVERIFY2(tested.at(1).at(0).toBool(), qPrintable(dialog.testResult()));
        QVERIFY2(dialog.testResult().contains(QLatin1String("signed in as reports")),
            qPrintable(dialog.testResult()));
        QVERIFY(!dialog.account().endpoint.pinnedSha256.isEmpty());

        // INBOX and Reports with two children, as a tree.
        ImapFolderModel *model = dialog.folderModel();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("INBOX"));
        const QModelIndex reports = model->index(1, 0);
        QCOMPARE(reports.data().toString(), QStringLiteral("Reports"));
        QCOMPARE(model->rowCount(reports), 2);
        QCOMPARE(model->index(0, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(model->setData(model->index(1, 0, reports), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(dialog.account().folders,
            (QStringList { QStringLiteral("INBOX"), QStringLiteral("Reports/DMARC") }));
    }

    void wrongPasswordIsSaidInWords()
    {
        ConnectMailboxDialog dialog;
        fill(dialog, QStringLiteral("wrong"));
        QSignalSpy tested(&dialog, &ConnectMailboxDialog::tested);
        // Trust the test CA through a pin taken from the first refusal.
        QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 20000);
        QTest::mouseClick(dialog.trustButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 2, 20000);
        QCOMPARE(tested.at(1).at(0).toBool(), false);
        QVERIFY2(dialog.testResult().contains(QLatin1String("refused the user name or password")),
            qPrintable(dialog.testResult()));
    }

    void accountsAreRememberedWithoutSecrets()
    {
        ImapAccount first;
        first.endpoint.host = QStringLiteral("imap.example.com");
        first.user = QStringLiteral("dmarc");
        first.folders = QStringList { QStringLiteral("INBOX"), QStringLiteral("Reports/DMARC") };
        first.markRead = true;
        ImapAccount second = first;
        second.endpoint.host = QStringLiteral("outlook.office365.com");
        second.auth = ImapAccount::Auth::OAuth2;
        second.endpoint.security = ImapEndpoint::Security::StartTls;
        second.endpoint.port = 143;
        ImapAccounts::remember(first);
        ImapAccounts::remember(second);
        first.moveTo = QStringLiteral("Done");
        ImapAccounts::remember(first); // replaces, not adds
        const QList<ImapAccount> loaded = ImapAccounts::load();
        QCOMPARE(loaded.size(), 2);
        QCOMPARE(loaded.at(0).folders, first.folders);
        QCOMPARE(loaded.at(0).moveTo, QStringLiteral("Done"));
        QVERIFY(loaded.at(0).markRead);
        QCOMPARE(loaded.at(1).auth, ImapAccount::Auth::OAuth2);
        QCOMPARE(loaded.at(1).endpoint.security, ImapEndpoint::Security::StartTls);
        QCOMPARE(loaded.at(1).endpoint.port, 143);
        // The settings file holds no password.
        QFile file(QSettings().fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("password="));
        ConnectMailboxDialog dialog;
        QCOMPARE(dialog.findChild<QComboBox *>()->count(), 3); // "New account" and both
        ImapAccounts::forget(first.key());
        ImapAccounts::forget(second.key());
        QVERIFY(ImapAccounts::load().isEmpty());
    }

    void windowSyncsAndListsEveryMessage()
    {
        QTemporaryDir dir;
        MainWindow window(dir.filePath(QStringLiteral("store.sqlite")));
        window.show();
        ImapAccount account;
        account.endpoint.host = QStringLiteral("127.0.0.1");
        account.endpoint.port = m_server.imapsPort();
        account.endpoint.pinnedSha256 = QSslCertificate::fromPath(
            QFileInfo(m_server.caFile()).absolutePath() + QStringLiteral("/server.crt"))
                                            .value(0)
                                            .digest(QCryptographicHash::Sha256)
                                            .toHex();
        account.user = QString::fromLatin1(DovecotServer::User);
        account.watch = false;
        QVERIFY(m_server.deliver({ QStringLiteral(DMARCSCOPE_TEST_DATA
            "/corpus/set-of-emails/bounce/maildir/bsd/lhost-amavis-01.eml") }));
        window.startSync(account, { QString::fromLatin1(DovecotServer::Password), {} });
        auto *log = window.findChild<ImportLogModel *>();
        QVERIFY(log);
        QTRY_COMPARE_WITH_TIMEOUT(log->rowCount(), 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()
                                     ->findChild<QLabel *>(QStringLiteral("statusText"))
                                     ->text()
                                     .contains(QLatin1String("messages read: 1, new: 1")),
            20000);
    }
};

QTEST_MAIN(TestMailboxDialog)
#include "tst_mailboxdialog.moc"
