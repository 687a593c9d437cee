#include "receivedhopmodel.h"

#include "itemroles.h"
#include "maildescription.h"

ReceivedHopModel::ReceivedHopModel(QObject *parent)
    : RowTableModel(ColumnCount, parent)
{ }

QVariant ReceivedHopModel::cell(const ReceivedHop &hop, int column, int role) const
{
    if (role == ItemRoles::WarningRole)
        return hop.heloMismatch;
    const bool linked = (!hop.ip.isEmpty() && m_linked.contains(hop.ip))
        || (!hop.fromHost.isEmpty() && m_linked.contains(hop.fromHost))
        || (!hop.byHost.isEmpty() && m_linked.contains(hop.byHost));
    if (role == ItemRoles::LinkedRole)
        return linked;
    if (role == Qt::ToolTipRole && linked && !hop.heloMismatch)
        return tr("This hop ties the message to a linked report row");
    if (role == Qt::ToolTipRole && hop.heloMismatch)
        return hop.fromHost.isEmpty()
            ? tr("The client said HELO %1, but its address %2 has no host name")
                  .arg(hop.helo, hop.ip)
            : tr("The client said HELO %1, but its address %2 is %3")
                  .arg(hop.helo, hop.ip, hop.fromHost);
    if (role != Qt::DisplayRole && role != ItemRoles::SortRole)
        return {};
    switch (Column(column)) {
    case FromHostColumn:
        return hop.fromHost;
    case HeloColumn:
        return hop.heloMismatch && role == Qt::DisplayRole ? tr("%1 (mismatch)").arg(hop.helo)
                                                           : hop.helo;
    case IpColumn:
        return linked && role == Qt::DisplayRole ? tr("%1 (linked)").arg(hop.ip) : hop.ip;
    case ByHostColumn:
        return hop.byHost;
    case TimeColumn:
        return role == ItemRoles::SortRole ? QVariant(hop.time)
                                           : QVariant(MailDescription::dateText(hop.time));
    case ColumnCount:
        break;
    }
    return {};
}

QString ReceivedHopModel::columnTitle(int column) const
{
    switch (Column(column)) {
    case FromHostColumn:
        return tr("From (verified)");
    case HeloColumn:
        return tr("HELO");
    case IpColumn:
        return tr("IP");
    case ByHostColumn:
        return tr("By");
    case TimeColumn:
        return tr("Time (UTC)");
    case ColumnCount:
        break;
    }
    return {};
}
