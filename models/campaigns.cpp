#include "campaigns.h"

#include "domainname.h"
#include "itemroles.h"
#include "mailflags.h"

#include <QHash>
#include <QLocale>
#include <QMap>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace {

// Union-find over source IPs.
class Groups
{
public:
    QString find(const QString &ip)
    {
        QString root = ip;
        while (m_parent.value(root, root) != root)
            root = m_parent.value(root);
        m_parent.insert(ip, root);
        return root;
    }
    void join(const QString &a, const QString &b) { m_parent.insert(find(a), find(b)); }

private:
    QHash<QString, QString> m_parent;
};

QStringList rankedKeys(const QMap<QString, int> &counts, qsizetype limit, bool withCounts)
{
    QList<std::pair<QString, int>> list(counts.keyValueBegin(), counts.keyValueEnd());
    std::stable_sort(
        list.begin(), list.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    QStringList keys;
    for (const auto &[key, count] : list) {
        if (keys.size() >= limit)
            break;
        keys.append(withCounts ? QStringLiteral("%1 (%2)").arg(key).arg(count) : key);
    }
    return keys;
}

} // namespace

namespace Campaigns {

QList<Campaign> load(QSqlDatabase db, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    auto failed = [&] {
        if (error)
            *error = query.lastError().text();
        return QList<Campaign>();
    };
    // Links: which mails tie to which sources.
    if (!query.exec(QStringLiteral("SELECT DISTINCT l.mail_ref, l.source_ip, m.kind FROM "
                                   "source_links l JOIN mail_messages m ON m.id = l.mail_ref")))
        return failed();
    QHash<qint64, QStringList> sourcesOfMail;
    QHash<qint64, bool> isFailure;
    while (query.next()) {
        const qint64 mail = query.value(0).toLongLong();
        sourcesOfMail[mail].append(query.value(1).toString());
        isFailure.insert(mail, query.value(2).toString() == QLatin1String("failure-report"));
    }
    if (sourcesOfMail.isEmpty())
        return {};

    // The keys that bind sources: DKIM domains of the linked originals (a forged selector of
    // the own domain counts with its selector), and the relay domain of each source's PTR name.
    const MailFlags flags = MailFlags::load(db);
    QHash<QString, QMap<QString, int>> keysOfSource;
    if (!query.exec(QStringLiteral("SELECT mail_ref, domain, selector FROM original_dkim")))
        return failed();
    while (query.next()) {
        const auto it = sourcesOfMail.constFind(query.value(0).toLongLong());
        if (it == sourcesOfMail.cend())
            continue;
        const DkimSignatureRef signature { query.value(1).toString().toLower(),
            query.value(2).toString() };
        QString key;
        if (flags.neverPasses(signature))
            key = QStringLiteral("forged d=%1 s=%2").arg(signature.domain, signature.selector);
        else
            key = QStringLiteral("d=") + signature.domain;
        for (const QString &ip : *it)
            ++keysOfSource[ip][key];
    }
    QHash<QString, QString> relayOf;
    if (!query.exec(QStringLiteral("SELECT ip, name FROM reverse_dns WHERE name IS NOT NULL AND "
                                   "name <> ''")))
        return failed();
    while (query.next())
        relayOf.insert(
            query.value(0).toString(), DomainName::registrable(query.value(1).toString()));

    Groups groups;
    QHash<QString, QString> firstSourceOfKey;
    for (auto it = sourcesOfMail.cbegin(); it != sourcesOfMail.cend(); ++it)
        for (const QString &ip : it.value()) {
            groups.join(ip, it.value().first());
            const QString relay = relayOf.value(ip);
            if (!relay.isEmpty())
                ++keysOfSource[ip][QStringLiteral("relay ") + relay];
        }
    for (auto it = keysOfSource.cbegin(); it != keysOfSource.cend(); ++it)
        for (auto key = it.value().cbegin(); key != it.value().cend(); ++key) {
            const auto first = firstSourceOfKey.constFind(key.key());
            if (first == firstSourceOfKey.cend())
                firstSourceOfKey.insert(key.key(), it.key());
            else
                groups.join(it.key(), *first);
        }

    // Totals per group.
    QHash<QString, qint64> messagesOfSource;
    // Only the linked sources', through the source index: all of a large store's would read
    // every row.
    if (!query.exec(QStringLiteral("SELECT source_ip, SUM(message_count) FROM records WHERE "
                                   "source_ip IN (SELECT DISTINCT source_ip FROM source_links) "
                                   "GROUP BY source_ip")))
        return failed();
    while (query.next())
        messagesOfSource.insert(query.value(0).toString(), query.value(1).toLongLong());
    QHash<qint64, QStringList> recipientsOfMail;
    if (!query.exec(QStringLiteral("SELECT mail_ref, address FROM bounce_recipients")))
        return failed();
    while (query.next())
        recipientsOfMail[query.value(0).toLongLong()].append(query.value(1).toString());

    QHash<QString, Campaign> byRoot;
    QHash<QString, QMap<QString, int>> keys, domains;
    QHash<QString, QSet<QString>> members;
    for (auto it = sourcesOfMail.cbegin(); it != sourcesOfMail.cend(); ++it) {
        const QString root = groups.find(it.value().first());
        Campaign &campaign = byRoot[root];
        (isFailure.value(it.key()) ? campaign.failureReports : campaign.bounces) += 1;
        for (const QString &ip : it.value())
            members[root].insert(ip);
        for (const QString &address : recipientsOfMail.value(it.key()))
            ++domains[root][address.mid(address.lastIndexOf(QLatin1Char('@')) + 1).toLower()];
    }
    QList<Campaign> campaigns;
    for (auto it = byRoot.begin(); it != byRoot.end(); ++it) {
        Campaign &campaign = it.value();
        for (const QString &ip : members.value(it.key())) {
            campaign.sources.append(ip);
            campaign.reportMessages += messagesOfSource.value(ip);
            const QMap<QString, int> sourceKeys = keysOfSource.value(ip);
            for (auto key = sourceKeys.cbegin(); key != sourceKeys.cend(); ++key)
                keys[it.key()][key.key()] += key.value();
        }
        campaign.sources.sort();
        campaign.evidence = rankedKeys(keys.value(it.key()), 8, false);
        campaign.name
            = campaign.evidence.isEmpty() ? campaign.sources.first() : campaign.evidence.first();
        campaign.recipientDomains = rankedKeys(domains.value(it.key()), 10, true);
        campaigns.append(campaign);
    }
    std::sort(campaigns.begin(), campaigns.end(), [](const Campaign &a, const Campaign &b) {
        return a.bounces + a.failureReports > b.bounces + b.failureReports;
    });
    return campaigns;
}

} // namespace Campaigns

CampaignModel::CampaignModel(QObject *parent)
    : RowTableModel(ColumnCount, parent)
{ }

QVariant CampaignModel::cell(const Campaign &row, int column, int role) const
{
    if (role == Qt::TextAlignmentRole)
        return column >= SourcesColumn && column <= FailuresColumn
            ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
            : QVariant();
    if (role == ItemRoles::FilterTextRole)
        return QStringList { row.name, row.sources.join(QLatin1Char(' ')),
            row.evidence.join(QLatin1Char(' ')), row.recipientDomains.join(QLatin1Char(' ')) }
            .join(QLatin1Char(' '));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != ItemRoles::SortRole)
        return {};
    const bool sort = role == ItemRoles::SortRole;
    const QLocale locale;
    switch (Column(column)) {
    case NameColumn:
        return row.name;
    case SourcesColumn:
        if (role == Qt::ToolTipRole)
            return row.sources.join(QLatin1Char('\n'));
        return sort ? QVariant(row.sources.size()) : QVariant(locale.toString(row.sources.size()));
    case ReportMessagesColumn:
        return sort ? QVariant(row.reportMessages) : QVariant(locale.toString(row.reportMessages));
    case BouncesColumn:
        return sort ? QVariant(row.bounces) : QVariant(locale.toString(row.bounces));
    case FailuresColumn:
        return sort ? QVariant(row.failureReports) : QVariant(locale.toString(row.failureReports));
    case RecipientDomainsColumn:
        return row.recipientDomains.join(QLatin1String(", "));
    case EvidenceColumn:
        return row.evidence.join(
            role == Qt::ToolTipRole ? QLatin1String("\n") : QLatin1String(", "));
    case ColumnCount:
        break;
    }
    return {};
}

QString CampaignModel::columnTitle(int column) const
{
    switch (Column(column)) {
    case NameColumn:
        return tr("Campaign (shared evidence)");
    case SourcesColumn:
        return tr("Sources");
    case ReportMessagesColumn:
        return tr("Messages in reports");
    case BouncesColumn:
        return tr("Bounces");
    case FailuresColumn:
        return tr("Failure reports");
    case RecipientDomainsColumn:
        return tr("Recipient domains hit");
    case EvidenceColumn:
        return tr("Evidence");
    case ColumnCount:
        break;
    }
    return {};
}
