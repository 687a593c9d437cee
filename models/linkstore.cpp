#include "linkstore.h"

#include "linkinputs.h"
#include "reversedns.h"
#include "schema.h"
#include "transactionguard.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QtConcurrent/QtConcurrentMap>

// QT_LOGGING_RULES="dmarcscope.links.debug=true" prints the time of each phase of a recompute.
Q_LOGGING_CATEGORY(lcLinks, "dmarcscope.links", QtWarningMsg)

namespace LinkStore {

namespace {

// How far the stored links are up to date: the highest record and mail ids linked.
struct Marks
{
    qint64 records = 0;
    qint64 mails = 0;
};

Marks loadMarks(QSqlDatabase db)
{
    Marks marks;
    QSqlQuery query(db);
    if (query.exec(QStringLiteral("SELECT name, value FROM link_marks")))
        while (query.next())
            (query.value(0).toString() == QLatin1String("records") ? marks.records : marks.mails)
                = query.value(1).toLongLong();
    return marks;
}

bool saveMarks(QSqlDatabase db, const Marks &marks, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO link_marks (name, value) VALUES (?, ?) ON CONFLICT "
                                 "(name) DO UPDATE SET value = excluded.value"));
    for (const auto &[name, value] : { std::pair { QStringLiteral("records"), marks.records },
             std::pair { QStringLiteral("mails"), marks.mails } }) {
        query.addBindValue(name);
        query.addBindValue(value);
        if (!query.exec()) {
            if (error)
                *error = query.lastError().text();
            return false;
        }
    }
    return true;
}

QHash<QString, QString> ptrNames(QSqlDatabase db)
{
    QHash<QString, QString> names;
    const QHash<QString, ReverseDnsEntry> cache = ReverseDnsCache::load(db);
    for (auto it = cache.cbegin(); it != cache.cend(); ++it)
        if (!it->name.isEmpty())
            names.insert(it.key(), it->name);
    return names;
}

qint64 slackOf(qint64 dateSlackSeconds)
{
    return dateSlackSeconds >= 0
        ? dateSlackSeconds
        : QSettings().value(QStringLiteral("links/dateSlackHours"), 6).toLongLong() * 3600;
}

// Links notices on every core and writes the links as it goes, a chunk of notices at a time, in
// key order, which the table is clustered on.
class LinkWriter
{
public:
    explicit LinkWriter(QSqlDatabase db)
        : m_query(db)
    { }

    // Replacing all drops the secondary index first and builds it once at the end, instead of
    // updating it for every link.
    bool begin(bool replaceAll)
    {
        m_replaceAll = replaceAll;
        if (replaceAll
            && (!m_query.exec(QStringLiteral("DROP INDEX IF EXISTS source_links_source"))
                || !m_query.exec(QStringLiteral("DELETE FROM source_links"))))
            return failed();
        return m_query.prepare(QStringLiteral(
                   "INSERT INTO source_links (mail_ref, source_ip, dkim_domain, dkim_selector, "
                   "failure_report, reasons, arrival, slack) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON "
                   "CONFLICT DO NOTHING"))
            || failed();
    }

    bool write(const Linker &linker, const QList<Linker::Mail> &mails)
    {
        constexpr qsizetype Chunk = 1000;
        for (qsizetype at = 0; at < mails.size(); at += Chunk) {
            const QList<QList<Linker::SourceLink>> parts
                = QtConcurrent::blockingMapped(mails.mid(at, Chunk),
                    [&linker](const Linker::Mail &mail) { return linker.linksFor(mail); });
            // Notices come in id order, and each one's links in key order.
            for (qsizetype i = 0; i < parts.size(); ++i)
                for (const Linker::SourceLink &link : parts.at(i))
                    if (!insert(link, mails.at(at + i).failureReport))
                        return false;
        }
        return true;
    }

    qint64 written() const { return m_written; }
    QString errorString() const { return m_error; }

    bool finish()
    {
        return !m_replaceAll || m_query.exec(QString::fromLatin1(Schema::SourceLinksIndex))
            || failed();
    }

private:
    bool insert(const Linker::SourceLink &link, bool failureReport)
    {
        m_query.addBindValue(link.mailRef);
        m_query.addBindValue(link.sourceIp);
        // Address links have no signature: '', not NULL, which the key could not tell apart.
        m_query.addBindValue(link.dkimDomain.isEmpty() ? QStringLiteral("") : link.dkimDomain);
        m_query.addBindValue(link.dkimSelector.isEmpty() ? QStringLiteral("") : link.dkimSelector);
        m_query.addBindValue(int(failureReport));
        m_query.addBindValue(link.reasons.join(QLatin1Char(',')));
        m_query.addBindValue(link.arrival);
        m_query.addBindValue(link.slack);
        if (!m_query.exec())
            return failed();
        m_written += m_query.numRowsAffected() > 0 ? 1 : 0;
        return true;
    }

    bool failed()
    {
        m_error = m_query.lastError().text();
        return false;
    }

    QSqlQuery m_query;
    QString m_error;
    qint64 m_written = 0;
    bool m_replaceAll = false;
};

QString domainOf(const QString &address)
{
    const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
    return (at < 0 ? address : address.mid(at + 1)).toLower();
}

// Expands source links to their rows. A row reached by several source links of one message (its
// address and a signature) is one link with the reasons of all.
QList<LinkView> select(QSqlDatabase db, const QString &where, const QVariant &value, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT m.kind, l.mail_ref, m.message_id, rec.id, r.report_id, r.org_name, "
                       "rec.source_ip, l.reasons, rec.message_count, o.from_address, "
                       "r.policy_domain, COALESCE(NULLIF(rec.envelope_from, ''), (SELECT s.domain "
                       "FROM record_spf s WHERE s.record_ref = rec.id AND s.ordinal = 0)) "
                       "FROM source_links l JOIN mail_messages m ON m.id = l.mail_ref "
                       "LEFT JOIN original_messages o ON o.mail_ref = m.id "
                       "JOIN records rec ON rec.source_ip = l.source_ip "
                       "JOIN reports r ON r.id = rec.report_ref WHERE ")
        + linkedRowCondition() + where + QStringLiteral(" ORDER BY m.date, l.mail_ref, rec.id"));
    if (value.isValid())
        query.addBindValue(value);
    QList<LinkView> links;
    if (!query.exec()) {
        if (error)
            *error = query.lastError().text();
        return links;
    }
    auto finish = [](LinkView &link, const QString &envelope, const QString &rowEnvelope,
                      const QString &policyDomain) {
        // A distinctive envelope domain (not the policy domain every spoof uses) shared by both.
        if (!rowEnvelope.isEmpty() && rowEnvelope == envelope && rowEnvelope != policyDomain)
            link.reasons.append(QStringLiteral("envelope-domain"));
        link.reasons.sort();
        link.strength = Linker::strengthOf(link.reasons);
    };
    QString envelope, rowEnvelope, policyDomain;
    while (query.next()) {
        const qint64 mailRef = query.value(1).toLongLong();
        const qint64 recordRef = query.value(3).toLongLong();
        const QStringList reasons
            = query.value(7).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        if (!links.isEmpty() && links.last().mailRef == mailRef
            && links.last().recordRef == recordRef) {
            for (const QString &reason : reasons)
                if (!links.last().reasons.contains(reason))
                    links.last().reasons.append(reason);
            continue;
        }
        if (!links.isEmpty())
            finish(links.last(), envelope, rowEnvelope, policyDomain);
        LinkView link;
        link.kind = query.value(0).toString() == QLatin1String("failure-report")
            ? QStringLiteral("failure")
            : QStringLiteral("bounce");
        link.mailRef = mailRef;
        link.messageId = query.value(2).toString();
        link.recordRef = recordRef;
        link.reportId = query.value(4).toString();
        link.orgName = query.value(5).toString();
        link.sourceIp = query.value(6).toString();
        link.reasons = reasons;
        link.messages = query.value(8).toLongLong();
        envelope = domainOf(query.value(9).toString());
        policyDomain = query.value(10).toString().toLower();
        rowEnvelope = query.value(11).toString().toLower();
        links.append(link);
    }
    if (!links.isEmpty())
        finish(links.last(), envelope, rowEnvelope, policyDomain);
    return links;
}

} // namespace

QString linkedRowCondition()
{
    // The row's report covers the arrival, and for a signature the row carries it: a third
    // party's by domain, the policy domain's own by domain and selector.
    return QStringLiteral(
        "rec.source_ip = l.source_ip AND r.date_end >= l.arrival - l.slack AND r.date_begin <= "
        "l.arrival + l.slack AND (l.dkim_domain = '' OR EXISTS (SELECT 1 FROM record_dkim d WHERE "
        "d.record_ref = rec.id AND LOWER(d.domain) = l.dkim_domain AND CASE WHEN l.dkim_selector "
        "= '' THEN LOWER(d.domain) <> LOWER(r.policy_domain) ELSE LOWER(d.domain) = "
        "LOWER(r.policy_domain) AND LOWER(d.selector) = l.dkim_selector END))");
}

QString strengthName(Linker::Strength strength)
{
    return strength == Linker::Strength::Strong ? QStringLiteral("strong")
                                                : QStringLiteral("medium");
}

qint64 recompute(QSqlDatabase db, QString *error, qint64 dateSlackSeconds)
{
    // A failed read must stop the recompute whether or not the caller asked for the reason.
    QString failure;
    auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return qint64(-1);
    };
    QElapsedTimer phase;
    phase.start();
    const Marks marks { LinkInputs::maxId(db, QStringLiteral("records")),
        LinkInputs::maxId(db, QStringLiteral("mail_messages")) };
    const LinkInputs::Ranges ranges = LinkInputs::loadRanges(db, {}, &failure);
    Linker linker(ranges.addresses, ranges.signatures, ptrNames(db));
    linker.setDateSlack(slackOf(dateSlackSeconds));
    qCDebug(lcLinks) << "row ranges loaded and indexed:" << linker.rangeCount() << phase.restart()
                     << "ms";
    const QList<Linker::Mail> mails = LinkInputs::loadMails(db, 0, marks.mails, &failure);
    qCDebug(lcLinks) << "mails loaded:" << mails.size() << phase.restart() << "ms";
    if (!failure.isEmpty())
        return fail(failure);
    TransactionGuard transaction(db);
    LinkWriter writer(db);
    if (!writer.begin(true) || !writer.write(linker, mails) || !writer.finish())
        return fail(writer.errorString());
    qCDebug(lcLinks) << "linked and stored:" << writer.written() << phase.restart() << "ms";
    if (!saveMarks(db, marks, &failure))
        return fail(failure);
    if (!transaction.commit())
        return fail(db.lastError().text());
    return writer.written();
}

qint64 update(QSqlDatabase db, QString *error, qint64 dateSlackSeconds)
{
    QString failure;
    auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return qint64(-1);
    };
    const Marks marks = loadMarks(db);
    const Marks now { LinkInputs::maxId(db, QStringLiteral("records")),
        LinkInputs::maxId(db, QStringLiteral("mail_messages")) };
    if (now.records == marks.records && now.mails == marks.mails)
        return 0;
    if (marks.records == 0 && marks.mails == 0)
        return recompute(db, error, dateSlackSeconds);
    const QHash<QString, QString> names = ptrNames(db);
    const qint64 slack = slackOf(dateSlackSeconds);
    TransactionGuard transaction(db);
    LinkWriter writer(db);
    if (!writer.begin(false))
        return fail(writer.errorString());
    // New mail against the rows of the days it arrived on (old and new rows alike).
    const QList<Linker::Mail> newMails
        = LinkInputs::loadMails(db, marks.mails, now.mails, &failure);
    const auto [first, last] = LinkInputs::timeSpan(newMails);
    if (failure.isEmpty() && first <= last) {
        const qint64 margin = slack + 86400;
        const LinkInputs::Ranges ranges
            = LinkInputs::loadRanges(db, { 0, first - margin, last + margin }, &failure);
        Linker linker(ranges.addresses, ranges.signatures, names);
        linker.setDateSlack(slack);
        if (failure.isEmpty() && !writer.write(linker, newMails))
            return fail(writer.errorString());
    }
    // New rows against the mail that was already there.
    if (failure.isEmpty() && now.records > marks.records && marks.mails > 0) {
        const LinkInputs::Ranges ranges = LinkInputs::loadRanges(db, { marks.records }, &failure);
        Linker linker(ranges.addresses, ranges.signatures, names);
        linker.setDateSlack(slack);
        if (failure.isEmpty() && linker.rangeCount() > 0) {
            const QList<Linker::Mail> oldMails
                = LinkInputs::loadMails(db, 0, marks.mails, &failure);
            if (failure.isEmpty() && !writer.write(linker, oldMails))
                return fail(writer.errorString());
        }
    }
    if (!failure.isEmpty() || !saveMarks(db, now, &failure))
        return fail(failure);
    if (!transaction.commit())
        return fail(db.lastError().text());
    return writer.written();
}

QList<LinkView> load(QSqlDatabase db, QString *error)
{
    return select(db, {}, {}, error);
}

QList<LinkView> forSource(QSqlDatabase db, const QString &ip, QString *error)
{
    return select(db, QStringLiteral(" AND l.source_ip = ?"), ip, error);
}

QList<LinkView> forMail(QSqlDatabase db, qint64 mailRef, QString *error)
{
    return select(db, QStringLiteral(" AND l.mail_ref = ?"), mailRef, error);
}

} // namespace LinkStore
