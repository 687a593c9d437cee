#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QString>

// Where and how to reach an IMAP server. Plain text is refused unless the host is the IPv4
// loopback address and the caller asked for it explicitly (tests behind a cutting proxy).
struct ImapEndpoint
{
    enum class Security
    {
        Tls, // implicit TLS, port 993
        StartTls, // STARTTLS on port 143
        PlainLoopbackOnly
    };

    QString host;
    quint16 port = 993;
    Security security = Security::Tls;
    QList<QSslCertificate> extraCaCertificates; // trusted next to the system's (--ca-file)
    QByteArray pinnedSha256; // hex digest of a certificate trusted despite errors (--pin)
    int timeoutMs = 60000; // without a byte from the server

    static QString securityName(Security security)
    {
        switch (security) {
        case Security::Tls:
            return QStringLiteral("tls");
        case Security::StartTls:
            return QStringLiteral("starttls");
        case Security::PlainLoopbackOnly:
            return QStringLiteral("plain");
        }
        return {};
    }
    static bool securityFromName(const QString &name, Security *security)
    {
        for (auto candidate : { Security::Tls, Security::StartTls, Security::PlainLoopbackOnly })
            if (securityName(candidate) == name) {
                *security = candidate;
                return true;
            }
        return false;
    }
};
