#include "chartview.h"
#include "emptystatewidget.h"
#include "itemroles.h"
#include "kpitile.h"
#include "linkedrowmodel.h"
#include "maildetailview.h"
#include "maillistpage.h"
#include "mainwindow.h"
#include "overviewpage.h"
#include "receivedhopmodel.h"
#include "reportlistmodel.h"
#include "reportspage.h"
#include "sourcespage.h"
#include "tableview.h"
#include "testutil.h"

#include <QDir>
#include <QDropEvent>
#include <QImageReader>
#include <QLineEdit>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using TestUtil::dataPath;

// The whole window on the scenario: empty state, a drop of files, every page, every chart export.
class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(TestUtil::useThrowawayHome(m_home)); }

    void dropVisitExport()
    {
        QTemporaryDir dir;
        MainWindow window(dir.filePath(QStringLiteral("store.sqlite")));
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *empty = window.findChild<EmptyStateWidget *>();
        QVERIFY(empty && empty->isVisible());

        // Drop the scenario's reports, as a file manager would.
        QList<QUrl> urls;
        const auto files
            = QDir(dataPath(QStringLiteral("scenario/reports"))).entryInfoList(QDir::Files);
        for (const QFileInfo &file : files)
            urls.append(QUrl::fromLocalFile(file.absoluteFilePath()));
        QCOMPARE(urls.size(), 12);
        QMimeData mime;
        mime.setUrls(urls);
        const QPoint centre = window.rect().center();
        QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &drop);

        auto *reports = window.findChild<ReportsPage *>();
        QVERIFY(reports);
        QTRY_COMPARE_WITH_TIMEOUT(reports->table()->model()->rowCount(), 12, 30000);
        QVERIFY(!empty->isVisible());

        // Overview: the scenario's figures.
        QVERIFY(window.showPage(QStringLiteral("overview")));
        auto *overview = window.findChild<OverviewPage *>();
        QVERIFY(overview->isVisible());
        // Pages fill in the background: wait for them, never sleep.
        QTRY_COMPARE_WITH_TIMEOUT(overview->tile(0)->value(), QStringLiteral("25"), 30000);
        QCOMPARE(overview->tile(4)->value(), QStringLiteral("20")); // rejected

        // Sources: pick the first source IP and see its records.
        QVERIFY(window.showPage(QStringLiteral("sources")));
        auto *sources = window.findChild<SourcesPage *>();
        QVERIFY(sources->isVisible());
        QTreeView *tree = sources->tree();
        QTRY_VERIFY_WITH_TIMEOUT(tree->model()->rowCount() > 0, 30000);
        const QModelIndex firstIp = tree->model()->index(0, 0, tree->model()->index(0, 0));
        QVERIFY(firstIp.isValid());
        tree->setCurrentIndex(firstIp);
        QVERIFY(sources->recordTable()->model()->rowCount() > 0);

        QVERIFY(window.showPage(QStringLiteral("reports")));
        QVERIFY(reports->isVisible());
        // The incident's mailbox dropped next: its bounces and failure reports get pages.
        QMimeData mailbox;
        mailbox.setUrls({ QUrl::fromLocalFile(dataPath(QStringLiteral("scenario/mail.mbox"))) });
        QDragEnterEvent mailEnter(centre, Qt::CopyAction, &mailbox, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &mailEnter);
        QVERIFY(mailEnter.isAccepted());
        QDropEvent mailDrop(centre, Qt::CopyAction, &mailbox, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &mailDrop);
        QSignalSpy linked(&window, &MainWindow::linksUpdated);
        const QList<MailListPage *> mailPages
            = { window.findChild<MailListPage *>(QStringLiteral("bouncesPage")),
                  window.findChild<MailListPage *>(QStringLiteral("failuresPage")) };
        QVERIFY(mailPages.at(0) && mailPages.at(1));
        QVERIFY(window.showPage(QStringLiteral("bounces")));
        QTRY_COMPARE_WITH_TIMEOUT(mailPages.at(0)->table()->model()->rowCount(), 174, 30000);
        QVERIFY(mailPages.at(0)->isVisible());
        QVERIFY(window.showPage(QStringLiteral("failures")));
        QTRY_COMPARE_WITH_TIMEOUT(mailPages.at(1)->table()->model()->rowCount(), 2, 30000);

        // The mailbox's bounces are linked to the rows of the relay that sent the spam: select
        // it on the Sources page and its evidence lists them.
        QTRY_VERIFY_WITH_TIMEOUT(
            linked.size() > 0 && linked.last().first().toLongLong() > 0, 30000);
        QVERIFY(window.showPage(QStringLiteral("sources")));
        QTRY_VERIFY_WITH_TIMEOUT(tree->model()->rowCount() > 0, 30000);
        const QModelIndexList relay
            = tree->model()->match(tree->model()->index(0, 0), ItemRoles::SourceIpRole,
                QStringLiteral("64.69.218.45"), 1, Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(relay.size(), 1);
        tree->setCurrentIndex(relay.first());
        QTRY_VERIFY_WITH_TIMEOUT(sources->evidenceTable()->model()->rowCount() > 5, 10000);
        // Sources read again (as after an import or new links) keep the one the user looks at.
        QSignalSpy reset(tree->model(), &QAbstractItemModel::modelReset);
        Q_EMIT sources->filterChanged(sources->filter());
        QTRY_COMPARE_WITH_TIMEOUT(reset.size(), 1, 30000);
        QCOMPARE(tree->currentIndex().data(ItemRoles::SourceIpRole).toString(),
            QStringLiteral("64.69.218.45"));
        QTRY_VERIFY_WITH_TIMEOUT(sources->evidenceTable()->model()->rowCount() > 5, 10000);

        // And back: a bounce's linked rows, and a double-click to their source.
        QVERIFY(window.showPage(QStringLiteral("bounces")));
        MailListPage *bouncesPage = mailPages.at(0);
        bouncesPage->filterEdit()->setText(QStringLiteral("64.69.218.45"));
        QVERIFY(bouncesPage->table()->model()->rowCount() > 0);
        // Not every bounce through the relay falls in a report's range: find one that does.
        TableView *linkedRows = bouncesPage->detail()->linkTable();
        for (int row = 0; row < bouncesPage->table()->model()->rowCount(); ++row) {
            bouncesPage->table()->setCurrentIndex(bouncesPage->table()->model()->index(row, 0));
            if (linkedRows->model()->rowCount() > 0)
                break;
        }
        QVERIFY(linkedRows->model()->rowCount() > 0);
        // The hop from the linked source is marked; the linked row says what the source is.
        ReceivedHopModel *hops = bouncesPage->detail()->hopModel();
        bool marked = false;
        for (int row = 0; row < hops->rowCount(); ++row)
            marked |= hops->index(row, 0).data(ItemRoles::LinkedRole).toBool();
        QVERIFY(marked);
        QVERIFY(!linkedRows->model()
                     ->index(0, LinkedRowModel::CategoryColumn)
                     .data()
                     .toString()
                     .isEmpty());
        const QModelIndex linkedRow = linkedRows->model()->index(0, 0);
        const QString linkedIp = linkedRow.data(ItemRoles::SourceIpRole).toString();
        Q_EMIT linkedRows->activated(linkedRow);
        QVERIFY(sources->isVisible());
        QCOMPARE(tree->currentIndex().data(ItemRoles::SourceIpRole).toString(), linkedIp);
        // Back returns to the bounce, Forward to the source again.
        const qint64 bounceShown
            = bouncesPage->table()->currentIndex().data(ItemRoles::IdRole).toLongLong();
        QVERIFY(window.history()->canGoBack());
        window.goBack();
        QVERIFY(bouncesPage->isVisible());
        QCOMPARE(
            bouncesPage->table()->currentIndex().data(ItemRoles::IdRole).toLongLong(), bounceShown);
        window.goForward();
        QVERIFY(sources->isVisible());
        QCOMPARE(tree->currentIndex().data(ItemRoles::SourceIpRole).toString(), linkedIp);

        // A report's evidence: the notices linked to any of its rows.
        QVERIFY(window.showPage(QStringLiteral("reports")));
        const QModelIndexList relayReport = reports->table()->model()->match(
            reports->table()->model()->index(0, ReportListModel::ReportIdColumn), Qt::DisplayRole,
            QStringLiteral("56cb45655f41c270556ff69c9702e0d9"), 1, Qt::MatchExactly);
        QCOMPARE(relayReport.size(), 1);
        reports->table()->setCurrentIndex(relayReport.first());
        QTRY_VERIFY_WITH_TIMEOUT(reports->evidenceTable()->model()->rowCount() > 0, 10000);
        QVERIFY(window.showPage(QStringLiteral("sources")));

        // From the source's evidence to a notice: its page opens with it selected.
        QTRY_VERIFY_WITH_TIMEOUT(sources->evidenceTable()->model()->rowCount() > 0, 10000);
        const QModelIndex evidenceRow = sources->evidenceTable()->model()->index(0, 0);
        const qint64 mailRef = evidenceRow.data(ItemRoles::IdRole).toLongLong();
        const bool failure
            = evidenceRow.data(ItemRoles::CategoryRole).toString() == QLatin1String("failure");
        Q_EMIT sources->evidenceTable()->activated(evidenceRow);
        MailListPage *opened = mailPages.at(failure ? 1 : 0);
        QVERIFY(opened->isVisible());
        QCOMPARE(opened->table()->currentIndex().data(ItemRoles::IdRole).toLongLong(), mailRef);
        QVERIFY(window.showPage(QStringLiteral("log")));
        QVERIFY(!window.showPage(QStringLiteral("nonsense")));

        // Every chart of the Overview, in every format.
        const auto charts = overview->charts();
        QCOMPARE(charts.size(), 3);
        ChartExporter::Options options;
        options.size = QSize(800, 500);
        for (ChartView *chart : charts) {
            const QString base = dir.filePath(ChartFactory::name(chart->chartId()));
            QString error;
            QVERIFY2(
                chart->exportTo(base + QLatin1String(".png"), options, &error), qPrintable(error));
            QVERIFY2(
                chart->exportTo(base + QLatin1String(".svg"), options, &error), qPrintable(error));
            QVERIFY2(
                chart->exportTo(base + QLatin1String(".pdf"), options, &error), qPrintable(error));
            QCOMPARE(QImageReader(base + QLatin1String(".png")).size(), QSize(1600, 1000));
            QVERIFY(QSvgRenderer(base + QLatin1String(".svg")).isValid());
            QVERIFY(TestUtil::readFile(base + QLatin1String(".pdf")).startsWith("%PDF"));
        }
    }

private:
    QTemporaryDir m_home;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
