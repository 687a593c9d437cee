#include "bouncelistmodel.h"

#include "itemroles.h"
#include "maildescription.h"

BounceListModel::BounceListModel(QObject *parent)
    : RowTableModel(ColumnCount, parent)
{ }

QVariant BounceListModel::cell(const StoredBounce &row, int column, int role) const
{
    const Bounce &bounce = row.bounce;
    if (const auto common = MailDescription::listRole(
            row, role, MailDescription::searchText(row), bounce.reason(), column == FlagsColumn))
        return *common;
    const bool sort = role == ItemRoles::SortRole;
    switch (Column(column)) {
    case DateColumn: {
        const qint64 date = row.date ? row.date : bounce.arrivalDate;
        return sort ? QVariant(date) : QVariant(MailDescription::dateText(date));
    }
    case ReportingMtaColumn:
        return bounce.reportingMta;
    case RecipientsColumn: {
        QStringList addresses;
        for (const BounceRecipient &recipient : bounce.recipients)
            addresses.append(recipient.address);
        return role == Qt::ToolTipRole || addresses.size() <= 2
            ? addresses.join(QLatin1String(", "))
            : tr("%1 and %n more", nullptr, int(addresses.size() - 1)).arg(addresses.first());
    }
    case StatusColumn:
        return bounce.status();
    case ReasonColumn:
        return bounce.reason();
    case FormatColumn:
        return bounce.mtaFormat;
    case OriginalFromColumn:
        return bounce.original.from;
    case SubjectColumn:
        return bounce.original.subject.isEmpty() ? row.subject : bounce.original.subject;
    case FlagsColumn:
        return row.flags.join(role == Qt::ToolTipRole ? QLatin1String("\n") : QLatin1String("; "));
    case ColumnCount:
        break;
    }
    return {};
}

QString BounceListModel::columnTitle(int column) const
{
    switch (Column(column)) {
    case DateColumn:
        return tr("Date (UTC)");
    case ReportingMtaColumn:
        return tr("Reporting MTA");
    case RecipientsColumn:
        return tr("Failed recipients");
    case StatusColumn:
        return tr("Status");
    case ReasonColumn:
        return tr("Reason");
    case FormatColumn:
        return tr("Format");
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
