#include "sourcetreemodel.h"

#include "itemroles.h"

#include <QDateTime>
#include <QLocale>
#include <QSet>

#include <algorithm>

namespace {

// Items under a group carry the group's row + 1; groups carry 0.
constexpr quintptr GroupId = 0;

QString percent(qint64 part, qint64 whole)
{
    return whole > 0
        ? QLocale().toString(100.0 * double(part) / double(whole), 'f', 1) + QLatin1String(" %")
        : QString();
}

QString dispositions(const SourceStats &stats)
{
    QStringList parts;
    if (stats.none)
        parts.append(QStringLiteral("none %1").arg(stats.none));
    if (stats.quarantine)
        parts.append(QStringLiteral("quarantine %1").arg(stats.quarantine));
    if (stats.reject)
        parts.append(QStringLiteral("reject %1").arg(stats.reject));
    return parts.join(QStringLiteral(" \u00b7 "));
}

QString reasons(const SourceStats &stats)
{
    QStringList parts;
    for (auto it = stats.reasons.cbegin(); it != stats.reasons.cend(); ++it)
        parts.append(QStringLiteral("%1 %2").arg(it.key()).arg(it.value()));
    return parts.join(QStringLiteral(" \u00b7 "));
}

QString date(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd"));
}

void addInto(SourceStats &total, const SourceStats &source)
{
    total.messages += source.messages;
    total.dmarcPass += source.dmarcPass;
    total.dkimAligned += source.dkimAligned;
    total.spfAligned += source.spfAligned;
    total.none += source.none;
    total.quarantine += source.quarantine;
    total.reject += source.reject;
    for (auto it = source.reasons.cbegin(); it != source.reasons.cend(); ++it)
        total.reasons[it.key()] += it.value();
    for (const QString &domain : source.dkimDomains)
        if (!total.dkimDomains.contains(domain))
            total.dkimDomains.append(domain);
    for (const QString &domain : source.spfDomains)
        if (!total.spfDomains.contains(domain))
            total.spfDomains.append(domain);
    total.firstSeen = total.firstSeen ? qMin(total.firstSeen, source.firstSeen) : source.firstSeen;
    total.lastSeen = qMax(total.lastSeen, source.lastSeen);
    if (total.category.isEmpty()) {
        total.category = source.category;
        total.categoryKey = source.categoryKey;
    } else if (total.category != source.category) {
        total.category = SourceTreeModel::tr("Mixed");
        total.categoryKey.clear();
    }
}

} // namespace

SourceTreeModel::SourceTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{ }

void SourceTreeModel::setSources(const QList<SourceStats> &sources)
{
    beginResetModel();
    m_groups.clear();
    QHash<QString, qsizetype> byGroup;
    for (const SourceStats &source : sources) {
        auto at = byGroup.find(source.group);
        if (at == byGroup.end()) {
            at = byGroup.insert(source.group, m_groups.size());
            Group group;
            group.total.group = source.group;
            m_groups.append(group);
        }
        Group &group = m_groups[*at];
        group.sources.append(source);
        addInto(group.total, source);
    }
    std::stable_sort(m_groups.begin(), m_groups.end(),
        [](const Group &a, const Group &b) { return a.total.messages > b.total.messages; });
    endResetModel();
}

const SourceStats *SourceTreeModel::source(const QString &ip) const
{
    for (const Group &group : m_groups)
        for (const SourceStats &stats : group.sources)
            if (stats.ip == ip)
                return &stats;
    return nullptr;
}

QModelIndex SourceTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, GroupId);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex SourceTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == GroupId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, GroupId);
}

int SourceTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalId() == GroupId && parent.column() == 0)
        return int(m_groups.at(parent.row()).sources.size());
    return 0;
}

int SourceTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

const SourceStats &SourceTreeModel::statsAt(const QModelIndex &index) const
{
    if (index.internalId() == GroupId)
        return m_groups.at(index.row()).total;
    return m_groups.at(int(index.internalId() - 1)).sources.at(index.row());
}

QVariant SourceTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool isGroup = index.internalId() == GroupId;
    const SourceStats &stats = statsAt(index);
    switch (role) {
    case ItemRoles::SourceIpRole:
        return isGroup ? QString() : stats.ip;
    case ItemRoles::FilterTextRole:
        return QStringList { stats.ip, stats.group, stats.ptr,
            stats.dkimDomains.join(QLatin1Char(' ')), stats.spfDomains.join(QLatin1Char(' ')),
            stats.category, stats.categoryKey }
            .join(QLatin1Char(' '));
    case ItemRoles::CategoryRole:
        return stats.categoryKey;
    case Qt::TextAlignmentRole:
        if (index.column() >= MessagesColumn && index.column() <= SpfAlignedColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case ItemRoles::SortRole:
        return cell(stats, index.column(), role, isGroup);
    default:
        return {};
    }
}

QVariant SourceTreeModel::cell(const SourceStats &stats, int column, int role, bool isGroup) const
{
    const bool sort = role == ItemRoles::SortRole;
    auto rate = [&](qint64 part) -> QVariant {
        if (sort)
            return stats.messages > 0 ? double(part) / double(stats.messages) : 0.0;
        return percent(part, stats.messages);
    };
    switch (Column(column)) {
    case SourceColumn:
        if (!isGroup) {
            if (role == Qt::ToolTipRole)
                return stats.ptr.isEmpty() ? tr("%1: no reverse DNS").arg(stats.ip)
                                           : tr("%1: %2").arg(stats.ip, stats.ptr);
            return stats.ptr.isEmpty() || sort ? stats.ip : tr("%1 (%2)").arg(stats.ip, stats.ptr);
        }
        return stats.group.isEmpty() ? tr("Unknown (no reverse DNS, nothing authenticated)")
                                     : stats.group;
    case MessagesColumn:
        return sort ? QVariant(stats.messages) : QVariant(QLocale().toString(stats.messages));
    case DmarcPassColumn:
        return rate(stats.dmarcPass);
    case DkimAlignedColumn:
        return rate(stats.dkimAligned);
    case SpfAlignedColumn:
        return rate(stats.spfAligned);
    case DispositionsColumn:
        return sort ? QVariant(stats.reject * 4 + stats.quarantine * 2 + stats.none)
                    : QVariant(dispositions(stats));
    case ReasonsColumn:
        return reasons(stats);
    case DkimDomainsColumn:
        return stats.dkimDomains.join(
            role == Qt::ToolTipRole ? QLatin1String("\n") : QLatin1String(", "));
    case SpfDomainsColumn:
        return stats.spfDomains.join(
            role == Qt::ToolTipRole ? QLatin1String("\n") : QLatin1String(", "));
    case FirstSeenColumn:
        return sort ? QVariant(stats.firstSeen) : QVariant(date(stats.firstSeen));
    case LastSeenColumn:
        return sort ? QVariant(stats.lastSeen) : QVariant(date(stats.lastSeen));
    case CategoryColumn:
        if (role == Qt::ToolTipRole && !isGroup)
            return stats.categoryReason;
        return stats.category;
    case CountryColumn:
        return stats.country;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant SourceTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case SourceColumn:
        return tr("Organisation / source IP");
    case MessagesColumn:
        return tr("Messages");
    case DmarcPassColumn:
        return tr("DMARC pass");
    case DkimAlignedColumn:
        return tr("DKIM aligned");
    case SpfAlignedColumn:
        return tr("SPF aligned");
    case DispositionsColumn:
        return tr("Dispositions");
    case ReasonsColumn:
        return tr("Overrides");
    case DkimDomainsColumn:
        return tr("DKIM domains");
    case SpfDomainsColumn:
        return tr("SPF domains");
    case FirstSeenColumn:
        return tr("First seen");
    case LastSeenColumn:
        return tr("Last seen");
    case CategoryColumn:
        return tr("Category");
    case CountryColumn:
        return tr("Country");
    case ColumnCount:
        break;
    }
    return {};
}
