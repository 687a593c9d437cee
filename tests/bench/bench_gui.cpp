// How the window feels on a large store: times the loads behind each page, sorting and filtering
// the Sources page, and opening the window. Usage: bench_gui DATABASE (run by tests/bench/gui).

#include "dashboarddata.h"
#include "database.h"
#include "mainwindow.h"
#include "reportlistmodel.h"
#include "sourcefilterproxy.h"
#include "sourcestats.h"
#include "sourcetreemodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSqlQuery>
#include <QTextStream>

#include <functional>

namespace {

QTextStream out(stdout);

double timeMs(const std::function<void()> &work, int repeat = 3)
{
    double best = 1e18;
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        best = qMin(best, timer.nsecsElapsed() / 1e6);
    }
    return best;
}

void print(const char *what, double ms)
{
    out << QString::fromLatin1(what).leftJustified(44)
        << QString::number(ms, 'f', 1).rightJustified(9) << " ms" << Qt::endl;
    fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        out << "usage: bench_gui DATABASE" << Qt::endl;
        return 2;
    }
    const QString location = QString::fromLocal8Bit(argv[1]);
    Database database(location);
    QSqlDatabase db = database.connection();
    QSqlQuery count(db);
    count.exec(
        QStringLiteral("SELECT (SELECT COUNT(*) FROM reports), (SELECT COUNT(*) FROM records)"));
    count.next();
    out << "store: " << count.value(0).toLongLong() << " reports, " << count.value(1).toLongLong()
        << " records" << Qt::endl;

    print("Overview: DashboardData::load", timeMs([&] { DashboardData::load(db); }));
    QList<SourceStats> sources;
    print("Sources: SourceStats::load", timeMs([&] { sources = SourceStats::load(db, {}); }));
    out << "  (" << sources.size() << " source IPs)" << Qt::endl;
    ReportListModel reports;
    print("Reports: ReportListModel::reload", timeMs([&] { reports.reload(db); }));

    SourceTreeModel tree;
    print("Sources: SourceTreeModel::setSources", timeMs([&] { tree.setSources(sources); }));
    SourceFilterProxy proxy;
    proxy.setSourceModel(&tree);
    // The proxy maps rows lazily: touch every group's first source, as an expanded view does.
    auto touch = [&] {
        for (int group = 0; group < proxy.rowCount(); ++group)
            proxy.index(0, 0, proxy.index(group, 0)).data();
    };
    print("Sources: sort by messages (both ways)", timeMs([&] {
        proxy.sort(SourceTreeModel::MessagesColumn, Qt::AscendingOrder);
        touch();
        proxy.sort(SourceTreeModel::MessagesColumn, Qt::DescendingOrder);
        touch();
    }) / 2);
    print("Sources: sort by DMARC pass rate", timeMs([&] {
        proxy.sort(SourceTreeModel::DmarcPassColumn, Qt::DescendingOrder);
        touch();
    }));
    print("Sources: sort by first seen", timeMs([&] {
        proxy.sort(SourceTreeModel::FirstSeenColumn, Qt::AscendingOrder);
        touch();
    }));
    print("Sources: filter text \"sendgrid\"", timeMs([&] {
        proxy.setFilterText(QStringLiteral("sendgrid"));
        touch();
        proxy.setFilterText(QString());
        touch();
    }) / 2);
    print("Sources: filter CIDR 10.0.0.0/8", timeMs([&] {
        proxy.setFilterText(QStringLiteral("10.0.0.0/8"));
        touch();
        proxy.setFilterText(QString());
        touch();
    }) / 2);

    QElapsedTimer timer;
    timer.start();
    MainWindow window(location);
    window.show();
    QCoreApplication::processEvents();
    print("Window: shown and responsive", timer.nsecsElapsed() / 1e6);
    QEventLoop loop;
    QObject::connect(&window, &MainWindow::pagesLoaded, &loop, &QEventLoop::quit);
    loop.exec();
    print("Window: every page filled (background)", timer.nsecsElapsed() / 1e6);
    return 0;
}
