#include "reportlistmodel.h"

#include "itemroles.h"

#include <QDateTime>
#include <QLocale>
#include <QSqlQuery>

ReportListModel::ReportListModel(QObject *parent)
    : RowTableModel(ColumnCount, parent)
{ }

bool ReportListModel::reload(QSqlDatabase db)
{
    bool ok = false;
    QList<Row> rows = load(db, &ok);
    if (ok)
        setRows(std::move(rows));
    return ok;
}

QList<ReportListModel::Row> ReportListModel::load(QSqlDatabase db, bool *ok)
{
    if (ok)
        *ok = false;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT id, org_name, report_id, policy_domain, date_begin, date_end, policy_p, "
            "policy_sp, record_count, message_count FROM reports ORDER BY date_begin DESC, id")))
        return {};
    QList<Row> rows;
    while (query.next()) {
        Row row;
        row.id = query.value(0).toLongLong();
        row.orgName = query.value(1).toString();
        row.reportId = query.value(2).toString();
        row.domain = query.value(3).toString();
        row.begin = query.value(4).toLongLong();
        row.end = query.value(5).toLongLong();
        row.policy = QLatin1String("p=") + query.value(6).toString();
        if (!query.value(7).isNull())
            row.policy += QLatin1String(" sp=") + query.value(7).toString();
        row.records = query.value(8).toLongLong();
        row.messages = query.value(9).toLongLong();
        rows.append(row);
    }
    if (ok)
        *ok = true;
    return rows;
}

QVariant ReportListModel::cell(const Row &row, int column, int role) const
{
    if (role == ItemRoles::IdRole)
        return row.id;
    if (role == Qt::TextAlignmentRole) {
        if (column == RecordsColumn || column == MessagesColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    if (role != Qt::DisplayRole && role != ItemRoles::SortRole && role != Qt::ToolTipRole)
        return {};
    const bool display = role != ItemRoles::SortRole;
    auto dateText = [](qint64 seconds) {
        return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    };
    switch (Column(column)) {
    case ReporterColumn:
        return row.orgName;
    case ReportIdColumn:
        return row.reportId;
    case DomainColumn:
        return row.domain;
    case BeginColumn:
        return display ? QVariant(dateText(row.begin)) : QVariant(row.begin);
    case EndColumn:
        return display ? QVariant(dateText(row.end)) : QVariant(row.end);
    case PolicyColumn:
        return row.policy;
    case RecordsColumn:
        return display ? QVariant(QLocale().toString(row.records)) : QVariant(row.records);
    case MessagesColumn:
        return display ? QVariant(QLocale().toString(row.messages)) : QVariant(row.messages);
    case ColumnCount:
        break;
    }
    return {};
}

QString ReportListModel::columnTitle(int section) const
{
    switch (Column(section)) {
    case ReporterColumn:
        return tr("Reporter");
    case ReportIdColumn:
        return tr("Report ID");
    case DomainColumn:
        return tr("Domain");
    case BeginColumn:
        return tr("Begin (UTC)");
    case EndColumn:
        return tr("End (UTC)");
    case PolicyColumn:
        return tr("Policy");
    case RecordsColumn:
        return tr("Records");
    case MessagesColumn:
        return tr("Messages");
    case ColumnCount:
        break;
    }
    return {};
}
