#pragma once

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

// A private CA and a server certificate for localhost / 127.0.0.1 / 127.0.0.2, made with openssl
// into `dir` as ca.crt, server.crt and server.key (EC keys: quick to generate).
inline bool makeTestCertificates(const QString &dir)
{
    auto openssl = [&dir](const QStringList &arguments) {
        QProcess process;
        process.setWorkingDirectory(dir);
        process.start(QStringLiteral("openssl"), arguments);
        return process.waitForFinished(30000) && process.exitCode() == 0;
    };
    QFile extension(dir + QStringLiteral("/san.ext"));
    if (!extension.open(QIODevice::WriteOnly))
        return false;
    extension.write("subjectAltName=DNS:localhost,IP:127.0.0.1,IP:127.0.0.2\n");
    extension.close();
    const QStringList ec { QStringLiteral("-newkey"), QStringLiteral("ec"),
        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
        QStringLiteral("-nodes") };
    return openssl(QStringList { QStringLiteral("req"), QStringLiteral("-x509") } + ec
               + QStringList { QStringLiteral("-keyout"), QStringLiteral("ca.key"),
                   QStringLiteral("-out"), QStringLiteral("ca.crt"), QStringLiteral("-days"),
                   QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=DMARC Scope test CA") })
        && openssl(QStringList { QStringLiteral("req") } + ec
            + QStringList { QStringLiteral("-keyout"), QStringLiteral("server.key"),
                QStringLiteral("-out"), QStringLiteral("server.csr"), QStringLiteral("-subj"),
                QStringLiteral("/CN=localhost") })
        && openssl({ QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
            QStringLiteral("server.csr"), QStringLiteral("-CA"), QStringLiteral("ca.crt"),
            QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-CAcreateserial"),
            QStringLiteral("-out"), QStringLiteral("server.crt"), QStringLiteral("-days"),
            QStringLiteral("2"), QStringLiteral("-extfile"), QStringLiteral("san.ext") });
}
