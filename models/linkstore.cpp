#include "linkstore.h"

#include "linkinputs.h"
#include "reversedns.h"
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

// How far the links table is up to date: the highest record and mail ids linked.
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

// Links notices on every core and writes the links as it goes, a chunk of notices at a time:
// memory stays bounded by one chunk's links however many there are in all (a bounce from a busy
// relay links to every row of it on that day, a thousand or more on a large store). Within a
// chunk links are written in key order, which the table is clustered on.
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
            && (!m_query.exec(QStringLiteral("DROP INDEX IF EXISTS links_record"))
                || !m_query.exec(QStringLiteral("DELETE FROM links"))))
            return failed();
        return m_query.prepare(
                   QStringLiteral("INSERT INTO links (mail_ref, record_ref, reasons, strength) "
                                  "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"))
            || failed();
    }

    bool write(const Linker &linker, const QList<Linker::Mail> &mails)
    {
        constexpr qsizetype Chunk = 1000;
        for (qsizetype at = 0; at < mails.size(); at += Chunk) {
            const QList<QList<Linker::Link>> parts
                = QtConcurrent::blockingMapped(mails.mid(at, Chunk),
                    [&linker](const Linker::Mail &mail) { return linker.linksFor(mail); });
            QList<Linker::Link> links;
            for (const QList<Linker::Link> &part : parts)
                links.append(part);
            std::sort(links.begin(), links.end(), [](const Linker::Link &a, const Linker::Link &b) {
                return std::pair { a.mailRef, a.recordRef } < std::pair { b.mailRef, b.recordRef };
            });
            for (const Linker::Link &link : std::as_const(links)) {
                m_query.addBindValue(link.mailRef);
                m_query.addBindValue(link.recordRef);
                m_query.addBindValue(link.reasons.join(QLatin1Char(',')));
                m_query.addBindValue(int(link.strength));
                if (!m_query.exec())
                    return failed();
                m_written += m_query.numRowsAffected() > 0 ? 1 : 0;
            }
        }
        return true;
    }

    bool finish()
    {
        return !m_replaceAll
            || m_query.exec(
                QStringLiteral("CREATE INDEX IF NOT EXISTS links_record ON links(record_ref)"))
            || failed();
    }

    qint64 written() const { return m_written; }
    QString errorString() const { return m_error; }

private:
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

QList<LinkView> select(QSqlDatabase db, const QString &where, const QVariant &value, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral(
            "SELECT m.kind, l.mail_ref, m.message_id, l.record_ref, r.report_id, "
            "r.org_name, rec.source_ip, l.reasons, l.strength, rec.message_count FROM links l JOIN "
            "mail_messages m ON m.id = l.mail_ref JOIN records rec ON rec.id = "
            "l.record_ref JOIN reports r ON r.id = rec.report_ref")
        + where + QStringLiteral(" ORDER BY m.date, l.mail_ref, l.record_ref"));
    if (value.isValid())
        query.addBindValue(value);
    QList<LinkView> links;
    if (!query.exec()) {
        if (error)
            *error = query.lastError().text();
        return links;
    }
    while (query.next()) {
        LinkView link;
        link.kind = query.value(0).toString() == QLatin1String("failure-report")
            ? QStringLiteral("failure")
            : QStringLiteral("bounce");
        link.mailRef = query.value(1).toLongLong();
        link.messageId = query.value(2).toString();
        link.recordRef = query.value(3).toLongLong();
        link.reportId = query.value(4).toString();
        link.orgName = query.value(5).toString();
        link.sourceIp = query.value(6).toString();
        link.reasons = query.value(7).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        link.strength = Linker::Strength(query.value(8).toInt());
        link.messages = query.value(9).toLongLong();
        links.append(link);
    }
    return links;
}

} // namespace

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
    Linker linker(LinkInputs::loadRows(db, {}, &failure), ptrNames(db));
    linker.setDateSlack(slackOf(dateSlackSeconds));
    qCDebug(lcLinks) << "rows loaded and indexed:" << linker.rows().size() << phase.restart()
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
        Linker linker(
            LinkInputs::loadRows(db, { 0, first - margin, last + margin }, &failure), names);
        linker.setDateSlack(slack);
        if (failure.isEmpty() && !writer.write(linker, newMails))
            return fail(writer.errorString());
    }
    // New rows against the mail that was already there.
    if (failure.isEmpty() && now.records > marks.records && marks.mails > 0) {
        Linker linker(LinkInputs::loadRows(db, { marks.records }, &failure), names);
        linker.setDateSlack(slack);
        if (failure.isEmpty() && !linker.rows().isEmpty()) {
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
    return select(db, QStringLiteral(" WHERE rec.source_ip = ?"), ip, error);
}

QList<LinkView> forMail(QSqlDatabase db, qint64 mailRef, QString *error)
{
    return select(db, QStringLiteral(" WHERE l.mail_ref = ?"), mailRef, error);
}

} // namespace LinkStore
