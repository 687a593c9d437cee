#include "campaignspage.h"

#include "campaigns.h"
#include "fieldlistmodel.h"
#include "itemroles.h"
#include "tableview.h"
#include "viewactions.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QVBoxLayout>

CampaignsPage::CampaignsPage(
    CampaignModel *model, std::function<QString(const QString &)> describe, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_describe(std::move(describe))
    , m_filter(new QLineEdit(this))
    , m_table(new TableView(this))
    , m_summary(new QLabel(this))
    , m_sourceModel(new FieldListModel(this))
    , m_sources(new TableView(this))
{
    m_filter->setPlaceholderText(
        tr("Filter by source IP, DKIM domain, relay or recipient domain (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    auto *proxy = m_table->setSourceModel(model);
    proxy->setFilterRole(ItemRoles::FilterTextRole);
    proxy->setFilterKeyColumn(0);
    connect(m_filter, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    ViewActions::installFindShortcut(this, m_filter);
    ViewActions::install(m_table, QStringLiteral("campaigns"));
    m_table->sortByColumn(CampaignModel::BouncesColumn, Qt::DescendingOrder);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setDefaultSectionSize(
        fontMetrics().horizontalAdvance(QLatin1Char('x')) * 28);
    for (int column : { int(CampaignModel::SourcesColumn), int(CampaignModel::ReportMessagesColumn),
             int(CampaignModel::BouncesColumn), int(CampaignModel::FailuresColumn) })
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_table->resizeColumnToContents(CampaignModel::NameColumn);
        if (m_table->model()->rowCount() > 0)
            m_table->setCurrentIndex(m_table->model()->index(0, 0));
        else
            showCurrent();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &CampaignsPage::showCurrent);

    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_sources->setSourceModel(m_sourceModel);
    m_sources->setSortingEnabled(false);
    m_sources->horizontalHeader()->hide();
    m_sources->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_sources->setToolTip(tr("Double-click a source to see it on the Sources page"));
    ViewActions::install(m_sources, QStringLiteral("campaign-sources"));
    connect(m_sources, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT sourceActivated(index.siblingAtColumn(0).data().toString());
    });

    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_summary);
    detailLayout->addWidget(m_sources, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("campaignsSplitter"));
    splitter->addWidget(m_table);
    splitter->addWidget(detail);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_filter);
    layout->addWidget(splitter, 1);
    showCurrent();
}

void CampaignsPage::showCurrent()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_sourceModel->setRows({});
        m_summary->setText(m_model->rowCount() == 0
                ? tr("No campaign yet: campaigns appear when bounces or failure reports are "
                     "linked to the aggregate reports. Import the mailbox that receives them.")
                : tr("Select a campaign to see its sources."));
        return;
    }
    const Campaign &campaign = m_model->rows().at(m_table->proxy()->mapToSource(current).row());
    QList<QPair<QString, QString>> rows;
    for (const QString &ip : campaign.sources)
        rows.append({ ip, m_describe(ip) });
    m_sourceModel->setRows(rows);
    m_summary->setText(tr("%1: %2 sources, %3 messages in aggregate reports, %4 bounces, %5 "
                          "failure reports. Evidence: %6.")
                           .arg(campaign.name)
                           .arg(campaign.sources.size())
                           .arg(campaign.reportMessages)
                           .arg(campaign.bounces)
                           .arg(campaign.failureReports)
                           .arg(campaign.evidence.join(QLatin1String(", "))));
}
