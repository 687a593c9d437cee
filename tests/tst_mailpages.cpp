#include "bouncelistmodel.h"
#include "database.h"
#include "failurelistmodel.h"
#include "fieldlistmodel.h"
#include "importer.h"
#include "itemroles.h"
#include "mailfilterproxy.h"
#include "maillistpage.h"
#include "orgmap.h"
#include "receivedhopmodel.h"
#include "settingsdialog.h"
#include "tableview.h"
#include "testutil.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using TestUtil::dataPath;

// The Bounces and Failure reports pages on the scenario's mailbox: their models under the
// model tester, the filters, and the detail pane of a selected row.
class TestMailPages : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_database = std::make_unique<Database>(m_dir.filePath(QStringLiteral("store.sqlite")));
        Importer importer(m_database->connection());
        QList<ImportLogEntry> missing;
        QVERIFY(importer.importAll(
            Importer::collectInputs({ dataPath(QStringLiteral("scenario/mail.mbox")) }, &missing),
            {}));
        m_bounces = MailRecords::loadBounces(m_database->connection());
        m_failures = MailRecords::loadFailures(m_database->connection());
        QCOMPARE(m_bounces.size(), 174);
        QCOMPARE(m_failures.size(), 2);
    }
    void cleanupTestCase() { m_database->closeThreadConnection(); }

    void modelsPassTheTester()
    {
        BounceListModel bounces;
        FailureListModel failures;
        ReceivedHopModel hops;
        FieldListModel fields;
        MailFilterProxy proxy;
        proxy.setSourceModel(&bounces);
        QAbstractItemModelTester t1(
            &bounces, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(
            &failures, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t3(&hops, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t4(
            &fields, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t5(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        bounces.setRows(m_bounces);
        failures.setRows(m_failures);
        hops.setRows(m_bounces.first().bounce.original.received);
        fields.setRows(MailDescription::fields(m_bounces.first()));
        proxy.setText(QStringLiteral("carrierzone"));
        proxy.setCategory(QStringLiteral("policyviolation"));
        QVERIFY(proxy.rowCount() > 0);
        QVERIFY(proxy.rowCount() < bounces.rowCount());
        proxy.setText({});
        proxy.setCategory({});
        QCOMPARE(proxy.rowCount(), bounces.rowCount());
        // Sorting on raw values: dates as numbers.
        QCOMPARE(bounces.index(0, BounceListModel::DateColumn).data(ItemRoles::SortRole).typeId(),
            QMetaType::LongLong);
    }

    void filtersNarrowTheList()
    {
        BounceListModel model;
        MailListPage page(&model,
            { QStringLiteral("filter"), QStringLiteral("All reasons"), QStringLiteral("empty"),
                QStringLiteral("bounces") },
            [&](int row) {
                const StoredBounce &b = model.rows().at(row);
                return MailDetailView::Content { MailDescription::fields(b),
                    b.bounce.original.received, b.bounce.original.headers, {}, {} };
            });
        model.setRows(m_bounces);
        QAbstractItemModel *shown = page.table()->model();
        QCOMPARE(shown->rowCount(), 174);
        // The category box offers each reason once, after "All reasons".
        QComboBox *reasons = page.categoryBox();
        QVERIFY(reasons->count() > 2);
        QCOMPARE(reasons->itemText(0), QStringLiteral("All reasons"));
        const int policy = reasons->findText(QStringLiteral("policyviolation"));
        QVERIFY(policy > 0);
        reasons->setCurrentIndex(policy);
        int expected = 0;
        for (const StoredBounce &b : m_bounces)
            expected += b.bounce.reason() == QLatin1String("policyviolation");
        QCOMPARE(shown->rowCount(), expected);
        reasons->setCurrentIndex(0);
        // By an IP of the Received chain: the carrierzone relay of the campaign.
        page.filterEdit()->setText(QStringLiteral("64.69.218.45"));
        QVERIFY(shown->rowCount() > 0);
        for (int row = 0; row < shown->rowCount(); ++row)
            QVERIFY(shown->index(row, 0)
                        .data(ItemRoles::FilterTextRole)
                        .toString()
                        .contains(QLatin1String("64.69.218.45")));
        page.filterEdit()->clear();
        QCOMPARE(shown->rowCount(), 174);
    }

    void detailShowsFieldsHopsAndHeaders()
    {
        FailureListModel model;
        MailListPage page(&model,
            { QStringLiteral("filter"), QStringLiteral("All failures"), QStringLiteral("empty"),
                QStringLiteral("failure-reports") },
            [&](int row) {
                const StoredFailure &f = model.rows().at(row);
                return MailDetailView::Content { MailDescription::fields(f),
                    f.failure.original.received, f.failure.original.headers, {}, {} };
            });
        model.setRows(m_failures);
        // The page selects the first row after a reset; pick the Kyivstar one explicitly.
        page.filterEdit()->setText(QStringLiteral("46.211.32.177"));
        QAbstractItemModel *shown = page.table()->model();
        QCOMPARE(shown->rowCount(), 1);
        page.table()->setCurrentIndex(shown->index(0, 0));
        QAbstractItemModel *fields = page.detail()->fieldTable()->model();
        QStringList values;
        for (int row = 0; row < fields->rowCount(); ++row)
            values.append(fields->index(row, 0).data().toString() + QLatin1Char('=')
                + fields->index(row, 1).data().toString());
        QVERIFY(values.contains(QStringLiteral("Source IP=46.211.32.177")));
        QVERIFY(values.contains(QStringLiteral("Delivery result=reject")));
        // The botnet host claimed to be mail.gmx.net: that hop is flagged.
        ReceivedHopModel *hops = page.detail()->hopModel();
        bool flagged = false;
        for (int row = 0; row < hops->rowCount(); ++row)
            flagged |= hops->index(row, ReceivedHopModel::IpColumn).data().toString()
                    == QLatin1String("46.211.32.177")
                && hops->index(row, 0).data(ItemRoles::WarningRole).toBool();
        QVERIFY(flagged);
    }

    // Settings: the user's organisations and the name server survive a save.
    void settingsDialogSaves()
    {
        QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
        {
            SettingsDialog dialog;
            QCOMPARE(dialog.organisations()->rowCount(), 0);
            dialog.addOrganisation(QStringLiteral("Relay.Example"), QStringLiteral("Our relay"),
                Organisation::typeName(Organisation::Type::Forwarder));
            dialog.save();
        }
        QCOMPARE(OrgMap::effective().lookup(QStringLiteral("mx1.relay.example")).type,
            Organisation::Type::Forwarder);
        SettingsDialog again;
        QCOMPARE(again.organisations()->rowCount(), 1);
        QCOMPARE(again.organisations()->item(0, 0)->text(), QStringLiteral("relay.example"));
        OrgMap::setUserEntries({});
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_database;
    QList<StoredBounce> m_bounces;
    QList<StoredFailure> m_failures;
};

QTEST_MAIN(TestMailPages)
#include "tst_mailpages.moc"
