#include "orgmap.h"

#include "domainname.h"

#include <QFile>
#include <QList>
#include <QSettings>
#include <QStringList>

// Outside any namespace, as Q_INIT_RESOURCE requires: the map is a resource of this library.
static void initOrgMapResource()
{
    Q_INIT_RESOURCE(orgmap);
}

namespace {

const struct
{
    Organisation::Type type;
    const char *name;
} TypeNames[] = {
    { Organisation::Type::EmailServiceProvider, "email service provider" },
    { Organisation::Type::MailboxProvider, "mailbox provider" },
    { Organisation::Type::Forwarder, "forwarder" },
    { Organisation::Type::University, "university" },
    { Organisation::Type::WebHost, "web host" },
    { Organisation::Type::SecurityGateway, "security gateway" },
    { Organisation::Type::Isp, "ISP" },
    { Organisation::Type::CloudHosting, "cloud hosting" },
};

} // namespace

bool Organisation::relays() const
{
    switch (type) {
    case Type::MailboxProvider:
    case Type::Forwarder:
    case Type::University:
    case Type::WebHost:
    case Type::SecurityGateway:
        return true;
    default:
        return false;
    }
}

QString Organisation::typeName(Type type)
{
    for (const auto &entry : TypeNames)
        if (entry.type == type)
            return QLatin1String(entry.name);
    return QStringLiteral("unknown");
}

Organisation::Type Organisation::typeFromName(const QString &name)
{
    for (const auto &entry : TypeNames)
        if (name.compare(QLatin1String(entry.name), Qt::CaseInsensitive) == 0)
            return entry.type;
    return Type::Unknown;
}

const OrgMap &OrgMap::shipped()
{
    static const OrgMap map = [] {
        initOrgMapResource();
        QFile file(QStringLiteral(":/organisations.csv"));
        return file.open(QIODevice::ReadOnly) ? fromCsv(file.readAll()) : OrgMap();
    }();
    return map;
}

OrgMap OrgMap::effective()
{
    OrgMap map = shipped();
    map.merge(fromCsv(userEntries().toUtf8()));
    return map;
}

QString OrgMap::userEntries()
{
    return QSettings().value(QStringLiteral("organisations/user")).toString();
}

void OrgMap::setUserEntries(const QString &csv)
{
    QSettings().setValue(QStringLiteral("organisations/user"), csv);
}

QByteArray OrgMap::toCsv() const
{
    QStringList domains = m_entries.keys();
    domains.sort();
    QByteArray csv;
    for (const QString &domain : std::as_const(domains)) {
        const Organisation &organisation = m_entries.value(domain);
        csv += (domain + QLatin1Char(',') + QString(organisation.name).remove(QLatin1Char(','))
            + QLatin1Char(',') + Organisation::typeName(organisation.type) + QLatin1Char('\n'))
                   .toUtf8();
    }
    return csv;
}

OrgMap OrgMap::fromCsv(const QByteArray &csv)
{
    OrgMap map;
    for (const QByteArray &rawLine : csv.split('\n')) {
        const QByteArray line = rawLine.trimmed();
        if (line.isEmpty() || line.startsWith('#') || line.startsWith("base_domain,"))
            continue;
        const QList<QByteArray> cells = line.split(',');
        if (cells.size() < 3)
            continue;
        map.insert(QString::fromUtf8(cells.at(0).trimmed()),
            { QString::fromUtf8(cells.at(1).trimmed()),
                Organisation::typeFromName(QString::fromUtf8(cells.at(2).trimmed())) });
    }
    return map;
}

void OrgMap::insert(const QString &baseDomain, const Organisation &organisation)
{
    if (!baseDomain.isEmpty())
        m_entries.insert(baseDomain.toLower(), organisation);
}

void OrgMap::merge(const OrgMap &other)
{
    for (auto it = other.m_entries.cbegin(); it != other.m_entries.cend(); ++it)
        m_entries.insert(it.key(), it.value());
}

Organisation OrgMap::lookup(const QString &hostOrDomain) const
{
    QString name = hostOrDomain.toLower();
    if (name.endsWith(QLatin1Char('.')))
        name.chop(1);
    if (name.isEmpty())
        return {};
    // Longest match first: "protection.outlook.com" before "outlook.com".
    for (QString candidate = name; candidate.contains(QLatin1Char('.'));
         candidate = candidate.section(QLatin1Char('.'), 1)) {
        const auto it = m_entries.constFind(candidate);
        if (it != m_entries.cend())
            return it.value();
    }
    return m_entries.value(DomainName::registrable(name));
}
