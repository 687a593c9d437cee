#pragma once

#include <QDnsLookup>
#include <QHostAddress>
#include <QStringList>

// The two things every DNS user here does with QDnsLookup.
namespace DnsQuery {

// A lookup on `nameserver`, or on the system's resolver when it is null. Not started yet.
inline QDnsLookup *create(
    QDnsLookup::Type type, const QString &name, const QHostAddress &nameserver, QObject *parent)
{
    return nameserver.isNull() ? new QDnsLookup(type, name, parent)
                               : new QDnsLookup(type, name, nameserver, parent);
}

// The TXT records of a finished lookup, each with its strings joined (long records such as DKIM
// keys come split into 255-byte strings).
inline QStringList texts(const QDnsLookup &lookup)
{
    QStringList result;
    for (const auto &record : lookup.textRecords()) {
        QByteArray joined;
        for (const QByteArray &part : record.values())
            joined += part;
        result.append(QString::fromUtf8(joined));
    }
    return result;
}

} // namespace DnsQuery
