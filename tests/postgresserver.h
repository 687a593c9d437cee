#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

// A real, throwaway PostgreSQL server for the team-store tests: a cluster of its own in a
// temporary directory, on 127.0.0.1 and a port of its own, trusting local connections. initdb
// refuses root, so the server runs as the postgres user (CI runs as root and installs
// postgresql-15). Stopped and removed when destroyed.
class PostgresServer
{
public:
    PostgresServer()
    {
        m_port = 20000 + int(QCoreApplication::applicationPid() % 20000);
        const QString bin = QStringLiteral("/usr/lib/postgresql/15/bin/");
        // The postgres user must reach its directories inside ours.
        QFile::setPermissions(m_dir.path(),
            QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther
                | QFile::ExeOther);
        if (!run(QStringLiteral("install"),
                { QStringLiteral("-d"), QStringLiteral("-o"), QStringLiteral("postgres"), data(),
                    socket() })
            || !asPostgres(bin + QStringLiteral("initdb"),
                { QStringLiteral("-D"), data(), QStringLiteral("-U"), QStringLiteral("postgres"),
                    QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-E"),
                    QStringLiteral("UTF8"), QStringLiteral("--locale=C.UTF-8"),
                    QStringLiteral("--no-sync") }))
            return;
        m_started = asPostgres(bin + QStringLiteral("pg_ctl"),
            { QStringLiteral("-D"), data(), QStringLiteral("-l"),
                data() + QStringLiteral("/server.log"), QStringLiteral("-w"), QStringLiteral("-o"),
                QStringLiteral("-c listen_addresses=127.0.0.1 -p %1 -k %2 -c fsync=off")
                    .arg(m_port)
                    .arg(socket()),
                QStringLiteral("start") });
    }
    ~PostgresServer()
    {
        if (m_started)
            asPostgres(QStringLiteral("/usr/lib/postgresql/15/bin/pg_ctl"),
                { QStringLiteral("-D"), data(), QStringLiteral("-m"), QStringLiteral("immediate"),
                    QStringLiteral("stop") });
    }

    bool isRunning() const { return m_started; }
    QString output() const { return m_output; }
    // For Database: the server's own database, as its superuser.
    QString location() const
    {
        return QStringLiteral("postgresql://postgres@127.0.0.1:%1/postgres").arg(m_port);
    }

private:
    QString data() const { return m_dir.filePath(QStringLiteral("data")); }
    QString socket() const { return m_dir.filePath(QStringLiteral("socket")); }
    bool asPostgres(const QString &program, const QStringList &arguments)
    {
        return run(QStringLiteral("runuser"),
            QStringList {
                QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program }
                + arguments);
    }
    bool run(const QString &program, const QStringList &arguments)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(program, arguments);
        const bool finished = process.waitForFinished(60000);
        m_output += QString::fromLocal8Bit(process.readAll()) + process.errorString();
        return finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    }

    QTemporaryDir m_dir;
    int m_port = 0;
    bool m_started = false;
    QString m_output;
};
