#include "database.h"
#include "importer.h"
#include "importlogmodel.h"
#include "itemroles.h"
#include "reportlistmodel.h"
#include "testutil.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

using TestUtil::dataPath;

class TestModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_database = std::make_unique<Database>(m_dir.filePath(QStringLiteral("store.sqlite")));
        Importer importer(m_database->connection());
        QList<ImportLogEntry> missing;
        for (const auto &input : Importer::collectInputs(
                 { dataPath(QStringLiteral("scenario/reports")),
                     dataPath(QStringLiteral(
                         "malformed/empty.example!swznet.de!1678665600!1678751999.xml")) },
                 &missing))
            importer.log(importer.importFile(input));
    }
    void cleanupTestCase() { m_database->closeThreadConnection(); }

    void reportList()
    {
        ReportListModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.reload(m_database->connection()));
        QCOMPARE(model.rowCount(), 12);
        QCOMPARE(model.columnCount(), int(ReportListModel::ColumnCount));
        QCOMPARE(model.headerData(ReportListModel::MessagesColumn, Qt::Horizontal, Qt::DisplayRole)
                     .toString(),
            QStringLiteral("Messages"));
        qint64 messages = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            messages += model.index(row, ReportListModel::MessagesColumn)
                            .data(ItemRoles::SortRole)
                            .toLongLong();
            QVERIFY(model.index(row, 0).data(ItemRoles::IdRole).toLongLong() > 0);
            QCOMPARE(model.index(row, ReportListModel::DomainColumn).data().toString(),
                QStringLiteral("swznet.de"));
            QVERIFY(model.index(row, ReportListModel::PolicyColumn)
                        .data()
                        .toString()
                        .startsWith(QLatin1String("p=reject")));
        }
        QCOMPARE(messages, 25);

        // Sorting goes by raw values: dates as numbers, not as text.
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(ItemRoles::SortRole);
        proxy.sort(ReportListModel::BeginColumn, Qt::AscendingOrder);
        QCOMPARE(
            proxy.index(0, ReportListModel::BeginColumn).data(ItemRoles::SortRole).toLongLong(),
            1678665600);
        QCOMPARE(proxy.index(0, ReportListModel::BeginColumn).data().toString(),
            QStringLiteral("2023-03-13 00:00"));

        QVERIFY(model.reload(m_database->connection())); // a second reset under the tester
        QCOMPARE(model.rowCount(), 12);
    }

    void importLog()
    {
        ImportLogModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.reload(m_database->connection()));
        QCOMPARE(model.rowCount(), 13);
        // Newest first: the empty file was imported last.
        QCOMPARE(model.index(0, ImportLogModel::OutcomeColumn).data().toString(),
            QStringLiteral("rejected"));
        QCOMPARE(model.index(0, ImportLogModel::OutcomeColumn).data(ItemRoles::OutcomeRole).toInt(),
            int(ImportLogEntry::Outcome::Rejected));
        QVERIFY(model.index(0, ImportLogModel::MessageColumn)
                    .data()
                    .toString()
                    .contains(QLatin1String("empty")));

        ImportLogEntry entry;
        entry.path = QStringLiteral("/tmp/new.xml");
        entry.outcome = ImportLogEntry::Outcome::Duplicate;
        model.prepend(entry);
        QCOMPARE(model.rowCount(), 14);
        QCOMPARE(model.index(0, ImportLogModel::PathColumn).data().toString(), entry.path);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_database;
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
