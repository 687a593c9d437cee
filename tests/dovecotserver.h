#pragma once

#include "testcertificates.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <pwd.h>
#include <unistd.h>

// A real Dovecot IMAP server for the tests: unprivileged, on loopback, with its own private CA,
// one STARTTLS listener and one implicit-TLS listener on free ports, and one user whose Maildir
// the test fills. Runs in the foreground as a child process and stops with the object.
class DovecotServer
{
public:
    static constexpr const char *User = "reports";
    static constexpr const char *Password = "s3cret pass\"word";

    ~DovecotServer() { stop(); }

    // `extraConfig` is appended to the configuration (e.g. a capability list without IDLE).
    bool start(const QString &extraConfig = {})
    {
        if (!m_dir.isValid())
            return fail(QStringLiteral("no temporary directory"));
        const QString d = m_dir.path();
        for (const char *sub : { "run", "state", "log", "ssl", "mail/reports/Maildir/new",
                 "mail/reports/Maildir/cur", "mail/reports/Maildir/tmp" })
            QDir(d).mkpath(QString::fromLatin1(sub));
        if (!makeCertificates())
            return false;
        const bool root = geteuid() == 0;
        const passwd *account = getpwnam(root ? "dovecot" : getpwuid(geteuid())->pw_name);
        if (!account)
            return fail(QStringLiteral("no dovecot user"));
        m_imapPort = freePort();
        m_imapsPort = freePort();
        const QString uid = QString::number(account->pw_uid);
        const QString gid = QString::number(account->pw_gid);
        const QString user = QString::fromLocal8Bit(account->pw_name);
        writeFile(QStringLiteral("passwd"),
            QStringLiteral("%1:{PLAIN}%2:%3:%4::%5/mail/%1::\n")
                .arg(QLatin1String(User), QLatin1String(Password), uid, gid, d));
        writeFile(QStringLiteral("dovecot.conf"),
            QStringLiteral(R"(base_dir = %1/run
state_dir = %1/state
instance_name = dmarcscope-test-%2
log_path = %1/log/dovecot.log
protocols = imap
listen = 127.0.0.1
default_internal_user = %3
default_internal_group = %3
default_login_user = %3
first_valid_uid = %4
last_valid_uid = %4
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
auth_failure_delay = 0
auth_verbose = yes
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = %5
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = %6
    ssl = yes
  }
}
ssl = yes
ssl_cert = <%1/ssl/server.crt
ssl_key = <%1/ssl/server.key
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
disable_plaintext_auth = no
mailbox_idle_check_interval = 1 secs
passdb {
  driver = passwd-file
  args = username_format=%u %1/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u %1/passwd
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
%7
)")
                .arg(d, QString::number(m_imapPort), user, uid, QString::number(m_imapPort),
                    QString::number(m_imapsPort), extraConfig));
        if (root
            && QProcess::execute(QStringLiteral("chown"),
                   { QStringLiteral("-R"), uid + QLatin1Char(':') + gid, d })
                != 0)
            return fail(QStringLiteral("chown failed"));
        // The temporary directory is private to root; dovecot must reach its files.
        QFile::setPermissions(d, QFile::permissions(d) | QFile::ExeOther | QFile::ReadOther);
        m_process.setProgram(
            root ? QStringLiteral("runuser") : QStringLiteral("/usr/sbin/dovecot"));
        QStringList arguments { QStringLiteral("-F"), QStringLiteral("-c"),
            d + QStringLiteral("/dovecot.conf") };
        if (root)
            arguments = QStringList { QStringLiteral("-u"), QStringLiteral("dovecot"),
                QStringLiteral("--"), QStringLiteral("/usr/sbin/dovecot") }
                + arguments;
        m_process.setArguments(arguments);
        m_process.setStandardOutputFile(d + QStringLiteral("/log/stdout.log"));
        m_process.setStandardErrorFile(d + QStringLiteral("/log/stderr.log"));
        m_process.start();
        if (!m_process.waitForStarted())
            return fail(QStringLiteral("cannot start dovecot: ") + m_process.errorString());
        return waitUntilListening();
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }

    quint16 imapPort() const { return m_imapPort; }
    quint16 imapsPort() const { return m_imapsPort; }
    QString caFile() const { return m_dir.path() + QStringLiteral("/ssl/ca.crt"); }
    QString maildir() const { return m_dir.path() + QStringLiteral("/mail/reports/Maildir"); }
    QString errorString() const { return m_error; }
    QByteArray doveadmOutput() const { return m_doveadmOutput; } // of the last doveadm()
    QString log() const
    {
        QFile file(m_dir.path() + QStringLiteral("/log/dovecot.log"));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

    // Puts message files into a folder's new/ as a delivery agent would (Maildir++: a folder
    // "Later" is the directory ".Later").
    bool deliver(const QStringList &files, const QString &folder = QStringLiteral("INBOX"))
    {
        QString dir = maildir();
        if (folder != QLatin1String("INBOX")) {
            dir += QStringLiteral("/.") + folder;
            for (const char *sub : { "/cur", "/new", "/tmp" })
                QDir().mkpath(dir + QLatin1String(sub));
            chownToServer(dir);
            for (const char *sub : { "/cur", "/new", "/tmp" })
                chownToServer(dir + QLatin1String(sub));
        }
        for (const QString &file : files) {
            const QString target = dir + QStringLiteral("/new/") + QString::number(++m_delivered)
                + QLatin1Char('.') + QFileInfo(file).fileName().section(QLatin1Char(':'), 0, 0);
            if (!QFile::copy(file, target))
                return false;
            chownToServer(target);
        }
        return true;
    }

    // Runs doveadm against this instance, as the server's user.
    bool doveadm(const QStringList &arguments)
    {
        QStringList all { QStringLiteral("-c"), m_dir.path() + QStringLiteral("/dovecot.conf") };
        all += arguments;
        if (geteuid() == 0)
            all = QStringList { QStringLiteral("-u"), QStringLiteral("dovecot"),
                QStringLiteral("--"), QStringLiteral("doveadm") }
                + all;
        QProcess process;
        process.start(geteuid() == 0 ? QStringLiteral("runuser") : QStringLiteral("doveadm"), all);
        process.waitForFinished(30000);
        m_error = QString::fromUtf8(process.readAllStandardError());
        m_doveadmOutput = process.readAllStandardOutput();
        return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    }

private:
    bool fail(const QString &error)
    {
        m_error = error;
        return false;
    }

    void chownToServer(const QString &path)
    {
        if (geteuid() == 0)
            if (const passwd *account = getpwnam("dovecot"))
                if (::chown(QFile::encodeName(path).constData(), account->pw_uid, account->pw_gid)
                    != 0)
                    m_error = QStringLiteral("chown failed");
    }

    void writeFile(const QString &name, const QString &text)
    {
        QFile file(m_dir.path() + QLatin1Char('/') + name);
        if (file.open(QIODevice::WriteOnly))
            file.write(text.toUtf8());
    }

    bool makeCertificates()
    {
        return makeTestCertificates(m_dir.path() + QStringLiteral("/ssl"))
            || fail(QStringLiteral("openssl could not make the certificates"));
    }

    static quint16 freePort()
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost);
        return server.serverPort();
    }

    bool waitUntilListening()
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 10000) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, m_imapPort);
            if (socket.waitForConnected(200))
                return true;
            if (m_process.state() == QProcess::NotRunning)
                return fail(QStringLiteral("dovecot exited: ") + log());
            QThread::msleep(20); // the daemon starts in ~30 ms; this is startup, not a test wait
        }
        return fail(QStringLiteral("dovecot does not listen: ") + log());
    }

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_imapPort = 0;
    quint16 m_imapsPort = 0;
    int m_delivered = 0;
    QString m_error;
    QByteArray m_doveadmOutput;
};
