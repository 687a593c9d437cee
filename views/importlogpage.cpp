#include "importlogpage.h"

#include "importlogmodel.h"
#include "tableview.h"
#include "viewactions.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

ImportLogPage::ImportLogPage(ImportLogModel *model, QWidget *parent)
    : QWidget(parent)
    , m_table(new TableView(this))
{
    auto *filter = new QLineEdit(this);
    filter->setPlaceholderText(tr("Filter by outcome, file or error"));
    filter->setClearButtonEnabled(true);
    auto *proxy = m_table->setSourceModel(model);
    ViewActions::install(m_table, QStringLiteral("import-log"));
    connect(filter, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    m_table->setSortingEnabled(false); // newest first, as imported
    auto *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ImportLogModel::PathColumn, QHeaderView::Interactive);
    header->resizeSection(ImportLogModel::PathColumn, 360);
    m_table->setTextElideMode(Qt::ElideMiddle);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(filter);
    layout->addWidget(m_table);
}
