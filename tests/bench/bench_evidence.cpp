// How fast the drill-down panes fill on a large store: a source's evidence (the Sources page),
// all of it, a report's evidence (the Reports page) and a notice's linked rows (the Bounces
// page) and the Campaigns page, each the best of five runs. Usage: bench_evidence DATABASE [IP]
// (run by tests/bench/links). Without an IP it takes the source with the most linked notices.

#include "campaigns.h"
#include "database.h"
#include "evidencemodel.h"
#include "linkstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTextStream>

#include <functional>

namespace {

QTextStream out(stdout);

double bestOfFive(const std::function<void()> &work)
{
    double best = 1e18;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        best = qMin(best, timer.nsecsElapsed() / 1e6);
    }
    return best;
}

QVariant first(QSqlDatabase db, const QString &sql, const QVariant &value = {})
{
    QSqlQuery query(db);
    query.prepare(sql);
    if (value.isValid())
        query.addBindValue(value);
    return query.exec() && query.next() ? query.value(0) : QVariant();
}

void print(const QString &what, double ms)
{
    out << "   " << what.leftJustified(58) << QString::number(ms, 'f', 1).rightJustified(8) << " ms"
        << Qt::endl;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        out << "usage: bench_evidence DATABASE [IP]" << Qt::endl;
        return 2;
    }
    Database database(QString::fromLocal8Bit(argv[1]));
    QSqlDatabase db = database.connection();
    const QString ip = argc > 2 ? QString::fromLocal8Bit(argv[2])
                                : first(db,
                                    QStringLiteral("SELECT source_ip FROM source_links GROUP BY "
                                                   "source_ip ORDER BY COUNT(*) DESC LIMIT 1"))
                                      .toString();
    const qint64 rows
        = first(db, QStringLiteral("SELECT COUNT(*) FROM records WHERE source_ip = ?"), ip)
              .toLongLong();

    // The window reads the store's mail warnings once per change of the store, not per pane.
    MailFlags flags;
    print(QStringLiteral("the store's mail warnings (MailFlags::load, once per reload)"),
        bestOfFive([&] { flags = MailFlags::load(db); }));
    Evidence evidence;
    const double sourceMs = bestOfFive([&] { evidence = EvidenceModel::load(db, ip, flags); });
    print(QStringLiteral("one source's evidence pane (%1: %2 rows, newest %3 of %4 notices)")
              .arg(ip)
              .arg(rows)
              .arg(evidence.rows.size())
              .arg(evidence.notices),
        sourceMs);
    const double allMs = bestOfFive([&] { evidence = EvidenceModel::load(db, ip, flags, -1); });
    print(QStringLiteral("  \"Show all\": every one of its %1 notices").arg(evidence.rows.size()),
        allMs);

    // The report with the most rows.
    const qint64 report = first(db,
        QStringLiteral("SELECT report_ref FROM records GROUP BY report_ref ORDER BY COUNT(*) "
                       "DESC LIMIT 1"))
                              .toLongLong();
    const double reportMs
        = bestOfFive([&] { evidence = EvidenceModel::loadForReport(db, report, flags); });
    print(QStringLiteral("the largest report's evidence pane (newest %1 of %2 notices)")
              .arg(evidence.rows.size())
              .arg(evidence.notices),
        reportMs);

    // A notice through that source: its rows, as the Bounces page lists them.
    const qint64 mail = first(
        db, QStringLiteral("SELECT mail_ref FROM source_links WHERE source_ip = ? LIMIT 1"), ip)
                            .toLongLong();
    QList<LinkStore::LinkView> linked;
    const double mailMs = bestOfFive([&] { linked = LinkStore::forMail(db, mail); });
    print(QStringLiteral("one of its notices' linked rows (%1 rows)").arg(linked.size()), mailMs);

    QList<Campaign> campaigns;
    const double campaignsMs = bestOfFive([&] { campaigns = Campaigns::load(db); });
    print(QStringLiteral("the Campaigns page (%1 campaigns)").arg(campaigns.size()), campaignsMs);
    return 0;
}
