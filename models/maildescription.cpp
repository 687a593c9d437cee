#include "maildescription.h"

#include "itemroles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QStringList>
#include <QTimeZone>

namespace MailDescription {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("MailDescription", text);
}

void addOriginal(Fields &fields, const OriginalMessage &original)
{
    fields.append({ tr("Original from"), original.from });
    fields.append({ tr("Original to"), original.to });
    fields.append({ tr("Original subject"), original.subject });
    fields.append({ tr("Original date"), dateText(original.date) });
    fields.append({ tr("Original Message-ID"), original.messageId });
    QStringList signatures;
    for (const DkimSignatureRef &dkim : original.dkim)
        signatures.append(tr("d=%1 s=%2").arg(dkim.domain, dkim.selector));
    fields.append({ tr("DKIM signatures"), signatures.join(QLatin1String("; ")) });
    fields.append({ tr("Submitted by"), original.submitter });
}

QString originalSearchText(const OriginalMessage &original)
{
    QStringList parts
        = { original.from, original.to, original.subject, original.messageId, original.submitter };
    for (const DkimSignatureRef &dkim : original.dkim)
        parts << dkim.domain << dkim.selector;
    for (const ReceivedHop &hop : original.received)
        parts << hop.ip << hop.fromHost << hop.helo << hop.byHost;
    return parts.join(QLatin1Char(' '));
}

} // namespace

QString dateText(qint64 seconds)
{
    if (seconds == 0)
        return {};
    return QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

Fields fields(const StoredBounce &stored)
{
    const Bounce &bounce = stored.bounce;
    Fields fields = { { tr("Bounce from"), stored.from }, { tr("Subject"), stored.subject },
        { tr("Date"), dateText(stored.date) }, { tr("Message-ID"), stored.messageId },
        { tr("Reporting MTA"), bounce.reportingMta }, { tr("Format"), bounce.mtaFormat },
        { tr("Arrival date"), dateText(bounce.arrivalDate) } };
    for (const BounceRecipient &r : bounce.recipients) {
        QStringList details = { r.status, r.reason };
        if (!r.remoteMta.isEmpty())
            details.append(tr("remote %1").arg(r.remoteMta));
        details.removeAll(QString());
        fields.append({ tr("Failed recipient"),
            r.address + QLatin1String(" (") + details.join(QLatin1String(", "))
                + QLatin1String(")") });
        if (!r.diagnostic.isEmpty())
            fields.append({ tr("Diagnostic"), r.diagnostic });
    }
    addOriginal(fields, bounce.original);
    for (const QString &flag : stored.flags)
        fields.prepend({ tr("Warning"), flag });
    fields.append({ tr("Read from"), stored.source });
    return fields;
}

Fields fields(const StoredFailure &stored)
{
    const FailureReport &f = stored.failure;
    Fields fields = { { tr("Reported by"), stored.from }, { tr("Subject"), stored.subject },
        { tr("Feedback type"), f.feedbackType }, { tr("Format"), f.format },
        { tr("User agent"), f.userAgent }, { tr("Auth failure"), f.authFailure },
        { tr("Identity alignment"), f.identityAlignment }, { tr("Source IP"), f.sourceIp },
        { tr("Reported domain"), f.reportedDomain },
        { tr("Original mail from"), f.originalMailFrom },
        { tr("Original rcpt to"), f.originalRcptTo },
        { tr("Arrival date"), dateText(f.arrivalDate) },
        { tr("Delivery result"), f.deliveryResult },
        { tr("DKIM domain / selector"),
            f.dkimDomain.isEmpty() ? QString()
                                   : f.dkimDomain + QLatin1String(" / ") + f.dkimSelector },
        { tr("SPF DNS"), f.spfDns }, { tr("Authentication-Results"), f.authenticationResults } };
    addOriginal(fields, f.original);
    for (const QString &flag : stored.flags)
        fields.prepend({ tr("Warning"), flag });
    fields.append({ tr("Read from"), stored.source });
    return fields;
}

QString searchText(const StoredBounce &stored)
{
    QStringList parts
        = { stored.from, stored.subject, stored.bounce.reportingMta, stored.bounce.mtaFormat };
    for (const BounceRecipient &r : stored.bounce.recipients)
        parts << r.address << r.status << r.reason << r.diagnostic;
    return parts.join(QLatin1Char(' ')) + QLatin1Char(' ')
        + originalSearchText(stored.bounce.original);
}

QString searchText(const StoredFailure &stored)
{
    const FailureReport &f = stored.failure;
    return QStringList { stored.from, stored.subject, f.sourceIp, f.reportedDomain,
        f.originalMailFrom, f.originalRcptTo, f.authFailure, f.deliveryResult, f.dkimDomain,
        originalSearchText(f.original) }
        .join(QLatin1Char(' '));
}

} // namespace MailDescription

std::optional<QVariant> MailDescription::listRole(const StoredMail &row, int role,
    const QString &searchText, const QString &category, bool flagsColumn)
{
    switch (role) {
    case ItemRoles::IdRole:
        return QVariant(row.mailRef);
    case ItemRoles::CategoryRole:
        return QVariant(category);
    case ItemRoles::FilterTextRole:
        return QVariant(searchText + QLatin1Char(' ') + row.flags.join(QLatin1Char(' ')));
    case ItemRoles::WarningRole:
        return QVariant(flagsColumn && !row.flags.isEmpty());
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case ItemRoles::SortRole:
        return std::nullopt;
    default:
        return QVariant();
    }
}
