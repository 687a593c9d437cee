#include "imapsecrets.h"

#include <QDirIterator>
#include <QProcess>
#include <QTest>

// Secrets in a real GNOME keyring on a private session bus (tests/with-keyring.sh), and what
// happens without any keyring.
class TestImapSecrets : public QObject
{
    Q_OBJECT

    const QString m_account = QStringLiteral("reports@imap.example.com");
    const QString m_secret = QStringLiteral("correct horse battery staple");

private Q_SLOTS:
    void storeReadRemove()
    {
        QString error;
        QCOMPARE(ImapSecrets::write(m_account, ImapSecrets::passwordKind(), m_secret, &error),
            ImapSecrets::Result::Ok);
        QString read;
        QCOMPARE(ImapSecrets::read(m_account, ImapSecrets::passwordKind(), &read, &error),
            ImapSecrets::Result::Ok);
        QCOMPARE(read, m_secret);
        // A refresh token of the same account is another entry.
        QCOMPARE(ImapSecrets::read(m_account, ImapSecrets::refreshTokenKind(), &read),
            ImapSecrets::Result::NotFound);
        // Nothing under HOME holds the secret in plain text.
        QDirIterator it(qEnvironmentVariable("KEYRING_TEST_HOME"), QDir::Files | QDir::Hidden,
            QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(m_secret.toUtf8()), qPrintable(file.fileName()));
        }
        QCOMPARE(
            ImapSecrets::remove(m_account, ImapSecrets::passwordKind()), ImapSecrets::Result::Ok);
        QCOMPARE(ImapSecrets::read(m_account, ImapSecrets::passwordKind(), &read),
            ImapSecrets::Result::NotFound);
    }

    void cliReadsThePasswordFromTheKeyring()
    {
        QVERIFY(ImapSecrets::write(
                    QStringLiteral("nobody@127.0.0.1"), ImapSecrets::passwordKind(), m_secret)
            == ImapSecrets::Result::Ok);
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DMARCSCOPE_IMAP_PASSWORD"));
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(DMARCSCOPE_CLI),
            { QStringLiteral("--db"),
                QDir::temp().filePath(QStringLiteral("tst_imapsecrets.sqlite")),
                QStringLiteral("sync"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                QStringLiteral("--port"), QStringLiteral("1"), QStringLiteral("--user"),
                QStringLiteral("nobody"), QStringLiteral("--timeout"), QStringLiteral("5") });
        QVERIFY(cli.waitForFinished(30000));
        // Found the password, then could not connect (nothing listens on port 1).
        const QString errors = QString::fromUtf8(cli.readAllStandardError());
        QCOMPARE(cli.exitCode(), 3);
        QVERIFY2(errors.contains(QLatin1String("cannot connect")), qPrintable(errors));
    }

    void withoutKeyringTheCliSaysSo()
    {
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        env.remove(QStringLiteral("DMARCSCOPE_IMAP_PASSWORD"));
        env.insert(
            QStringLiteral("XDG_RUNTIME_DIR"), QDir::temp().filePath(QStringLiteral("no-bus")));
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(DMARCSCOPE_CLI),
            { QStringLiteral("--db"),
                QDir::temp().filePath(QStringLiteral("tst_imapsecrets.sqlite")),
                QStringLiteral("sync"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                QStringLiteral("--user"), QStringLiteral("nobody") });
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 2);
        const QString errors = QString::fromUtf8(cli.readAllStandardError());
        QVERIFY2(
            errors.contains(QLatin1String("no password for nobody@127.0.0.1")), qPrintable(errors));
        QVERIFY2(errors.contains(QLatin1String("--password-stdin")), qPrintable(errors));
    }
};

QTEST_GUILESS_MAIN(TestImapSecrets)
#include "tst_imapsecrets.moc"
