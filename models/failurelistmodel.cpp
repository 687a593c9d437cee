#include "failurelistmodel.h"

#include "itemroles.h"
#include "maildescription.h"

FailureListModel::FailureListModel(QObject *parent)
    : RowTableModel(ColumnCount, parent)
{ }

QVariant FailureListModel::cell(const StoredFailure &row, int column, int role) const
{
    const FailureReport &f = row.failure;
    if (const auto common = MailDescription::listRole(
            row, role, MailDescription::searchText(row), f.authFailure, column == FlagsColumn))
        return *common;
    const bool sort = role == ItemRoles::SortRole;
    switch (Column(column)) {
    case ArrivalColumn: {
        const qint64 date = f.arrivalDate ? f.arrivalDate : row.date;
        return sort ? QVariant(date) : QVariant(MailDescription::dateText(date));
    }
    case ReporterColumn:
        return row.from.mid(row.from.indexOf(QLatin1Char('@')) + 1);
    case SourceIpColumn:
        return f.sourceIp;
    case AuthFailureColumn:
        return f.authFailure;
    case AlignmentColumn:
        return f.identityAlignment;
    case DeliveryResultColumn:
        return f.deliveryResult;
    case ReportedDomainColumn:
        return f.reportedDomain;
    case OriginalFromColumn:
        return f.original.from.isEmpty() ? f.originalMailFrom : f.original.from;
    case SubjectColumn:
        return f.original.subject;
    case FlagsColumn:
        return row.flags.join(role == Qt::ToolTipRole ? QLatin1String("\n") : QLatin1String("; "));
    case ColumnCount:
        break;
    }
    return {};
}

QString FailureListModel::columnTitle(int column) const
{
    switch (Column(column)) {
    case ArrivalColumn:
        return tr("Arrival (UTC)");
    case ReporterColumn:
        return tr("Reporter");
    case SourceIpColumn:
        return tr("Source IP");
    case AuthFailureColumn:
        return tr("Auth failure");
    case AlignmentColumn:
        return tr("Identity alignment");
    case DeliveryResultColumn:
        return tr("Delivery result");
    case ReportedDomainColumn:
        return tr("Reported domain");
    case OriginalFromColumn:
        return tr("Original from");
    case SubjectColumn:
        return tr("Original subject");
    case FlagsColumn:
        return tr("Warnings");
    case ColumnCount:
        break;
    }
    return {};
}
