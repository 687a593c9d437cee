#pragma once

#include <QDnsLookup>
#include <QHostAddress>
#include <QMap>
#include <QProcess>
#include <QSignalSpy>
#include <QStringList>
#include <QTemporaryDir>

// A real DNS server for the tests: dnsmasq on a loopback address, port 53 (QDnsLookup asks
// nowhere else), answering only the PTR and A records it is given. Needs root for the port, as
// CI runs. Stopped when destroyed.
class DnsServer
{
public:
    static inline const QHostAddress Address { QStringLiteral("127.0.53.1") };

    // ip -> host name: a PTR record each, and the A record back; `extra` are more dnsmasq lines
    // (txt-record=...).
    explicit DnsServer(const QMap<QString, QString> &names, const QStringList &extra = {})
    {
        QStringList lines
            = { QStringLiteral("port=53"), QStringLiteral("listen-address=") + Address.toString(),
                  QStringLiteral("bind-interfaces"), QStringLiteral("no-resolv"),
                  QStringLiteral("no-hosts"),
                  // Authoritative for the reverse zones: an unknown address is "no such name", not
                  // "refused".
                  QStringLiteral("local=/in-addr.arpa/"), QStringLiteral("local=/ip6.arpa/") };
        for (auto it = names.cbegin(); it != names.cend(); ++it) {
            lines.append(QStringLiteral("ptr-record=%1,%2").arg(reverseName(it.key()), it.value()));
            lines.append(QStringLiteral("host-record=%1,%2").arg(it.value(), it.key()));
        }
        lines += extra;
        const QString config = m_dir.filePath(QStringLiteral("dnsmasq.conf"));
        QFile file(config);
        if (!file.open(QIODevice::WriteOnly))
            return;
        file.write(lines.join(QLatin1Char('\n')).toUtf8() + '\n');
        file.close();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(QStringLiteral("dnsmasq"),
            { QStringLiteral("--keep-in-foreground"), QStringLiteral("--conf-file=") + config,
                QStringLiteral("--pid-file=") + m_dir.filePath(QStringLiteral("pid")) });
        m_process.waitForStarted(5000);
    }
    ~DnsServer()
    {
        m_process.terminate();
        m_process.waitForFinished(5000);
    }

    bool isRunning() const { return m_process.state() == QProcess::Running; }

    // Whether the server answers `name` yet: dnsmasq takes a moment to bind after it starts, so
    // tests wait for this (QTRY_VERIFY) before they look anything up.
    static bool answers(QDnsLookup::Type type, const QString &name)
    {
        QDnsLookup lookup(type, name, Address);
        QSignalSpy done(&lookup, &QDnsLookup::finished);
        lookup.lookup();
        return done.wait(2000) && lookup.error() == QDnsLookup::NoError;
    }
    // "192.0.2.25" -> "25.2.0.192.in-addr.arpa"
    static QString reverseName(const QString &ipv4)
    {
        QStringList octets = ipv4.split(QLatin1Char('.'));
        std::reverse(octets.begin(), octets.end());
        return octets.join(QLatin1Char('.')) + QStringLiteral(".in-addr.arpa");
    }
    QString output()
    {
        return QString::fromLocal8Bit(m_process.readAll()) + m_process.errorString();
    }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
};
