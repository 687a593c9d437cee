#include "emptystatewidget.h"
#include "evidencemodel.h"
#include "reportlistmodel.h"
#include "reportspage.h"
#include "tableview.h"

#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

namespace {

ReportListModel::Row row(qint64 id, const char *org, qint64 begin, qint64 messages)
{
    ReportListModel::Row r;
    r.id = id;
    r.orgName = QString::fromLatin1(org);
    r.reportId = QStringLiteral("id-%1").arg(id);
    r.domain = QStringLiteral("example.org");
    r.begin = begin;
    r.end = begin + 86399;
    r.policy = QStringLiteral("p=reject");
    r.records = 1;
    r.messages = messages;
    return r;
}

} // namespace

class TestReportsPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void selectingARowAnnouncesItsId()
    {
        ReportListModel model;
        model.setRows({ row(7, "google.com", 1000, 5), row(9, "Yahoo", 2000, 2) });
        EvidenceModel evidence;
        ReportsPage page(&model, &evidence);
        page.resize(800, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy spy(&page, &ReportsPage::currentReportChanged);
        // Newest first by default: the Yahoo report (begin 2000) on top, Google's below.
        page.table()->setCurrentIndex(page.table()->model()->index(1, 0));
        QCOMPARE(spy.last().first().toLongLong(), 7);
        page.table()->setCurrentIndex(page.table()->model()->index(0, 0));
        QCOMPARE(spy.last().first().toLongLong(), 9);

        page.showRawXml(QStringLiteral("<feedback/>"));
        QCOMPARE(page.findChild<QPlainTextEdit *>()->toPlainText(), QStringLiteral("<feedback/>"));
        QVERIFY(page.findChild<QPlainTextEdit *>()->isReadOnly());
    }

    void filterNarrowsTheTable()
    {
        ReportListModel model;
        model.setRows({ row(1, "google.com", 1000, 5), row(2, "Yahoo", 2000, 2),
            row(3, "Mail.Ru", 3000, 1) });
        EvidenceModel evidence;
        ReportsPage page(&model, &evidence);
        auto *filter = page.findChild<QLineEdit *>();
        QVERIFY(filter);
        QTest::keyClicks(filter, QStringLiteral("yah"));
        QCOMPARE(page.table()->model()->rowCount(), 1);
        filter->clear();
        QCOMPARE(page.table()->model()->rowCount(), 3);
    }

    void ctrlFFocusesTheFilter()
    {
        ReportListModel model;
        model.setRows({ row(1, "google.com", 1000, 5) });
        EvidenceModel evidence;
        ReportsPage page(&model, &evidence);
        page.show();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        page.table()->setFocus();
        auto *filter = page.findChild<QLineEdit *>();
        QVERIFY(!filter->hasFocus());
        QTest::keySequence(page.table(), QKeySequence::Find);
        QTRY_VERIFY(filter->hasFocus());
    }

    void copyPutsSelectedRowsOnTheClipboard()
    {
        ReportListModel model;
        model.setRows({ row(1, "google.com", 1000, 5), row(2, "Yahoo", 2000, 2) });
        EvidenceModel evidence;
        ReportsPage page(&model, &evidence);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.table()->selectAll();
        const QString text = page.table()->selectionAsText();
        QCOMPARE(text.count(QLatin1Char('\n')), 1);
        QVERIFY(text.contains(QLatin1String("Yahoo\tid-2\texample.org")));
        page.table()->setFocus();
        QTest::keySequence(page.table(), QKeySequence::Copy);
        QCOMPARE(QApplication::clipboard()->text(), text);
    }

    void emptyStateOffersTheSample()
    {
        EmptyStateWidget widget;
        QSignalSpy sample(&widget, &EmptyStateWidget::sampleRequested);
        QPushButton *button = nullptr;
        for (auto *candidate : widget.findChildren<QPushButton *>())
            if (candidate->text().contains(QLatin1String("Sample")))
                button = candidate;
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(sample.size(), 1);
    }
};

QTEST_MAIN(TestReportsPage)
#include "tst_reportspage.moc"
