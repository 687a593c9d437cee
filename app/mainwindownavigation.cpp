// MainWindow, part two: moving between pages, sources and notices, and Back/Forward.
#include "mainwindow.h"

#include "itemroles.h"
#include "maillistpage.h"
#include "reversedns.h"
#include "sourcespage.h"
#include "sourcetreemodel.h"
#include "tableview.h"

#include <QLabel>
#include <QTabWidget>
#include <QTreeView>

void MainWindow::goToMail(qint64 mailRef, const QString &kind)
{
    const bool failure = kind == QLatin1String("failure");
    showPage(failure ? QStringLiteral("failures") : QStringLiteral("bounces"));
    if (!(failure ? m_failuresPage : m_bouncesPage)->selectMail(mailRef))
        m_statusText->setText(tr("That message is no longer in the store"));
}

void MainWindow::goToSource(const QString &ip)
{
    if (ip.isEmpty())
        return;
    showPage(QStringLiteral("sources"));
    selectSource(ip);
}

NavigationHistory::Place MainWindow::currentPlace() const
{
    NavigationHistory::Place place;
    place.page = m_tabs->currentIndex();
    QWidget *page = m_tabs->currentWidget();
    if (page == m_sourcesPage)
        place.sourceIp = m_sourcesPage->tree()
                             ->currentIndex()
                             .siblingAtColumn(0)
                             .data(ItemRoles::SourceIpRole)
                             .toString();
    else if (page == m_bouncesPage || page == m_failuresPage)
        place.mailRef = static_cast<MailListPage *>(page)
                            ->table()
                            ->currentIndex()
                            .data(ItemRoles::IdRole)
                            .toLongLong();
    return place;
}

void MainWindow::restorePlace(const NavigationHistory::Place &place)
{
    if (place.page < 0)
        return;
    m_restoringPlace = true;
    m_tabs->setCurrentIndex(place.page);
    if (!place.sourceIp.isEmpty())
        selectSource(place.sourceIp);
    else if (place.mailRef
        && (m_tabs->currentWidget() == m_bouncesPage || m_tabs->currentWidget() == m_failuresPage))
        static_cast<MailListPage *>(m_tabs->currentWidget())->selectMail(place.mailRef);
    m_restoringPlace = false;
}

void MainWindow::goBack()
{
    restorePlace(m_history->back());
}

void MainWindow::goForward()
{
    restorePlace(m_history->forward());
}

void MainWindow::selectSource(const QString &ip)
{
    QAbstractItemModel *model = m_sourcesPage->tree()->model();
    const QModelIndexList found = model->match(
        model->index(0, 0), ItemRoles::SourceIpRole, ip, 1, Qt::MatchExactly | Qt::MatchRecursive);
    if (found.isEmpty()) {
        m_statusText->setText(tr("%1 is hidden by the Sources page's filters").arg(ip));
        return;
    }
    m_sourcesPage->tree()->setCurrentIndex(found.first());
    m_sourcesPage->tree()->scrollTo(found.first());
}

bool MainWindow::showPage(const QString &name)
{
    const QStringList pages = { QStringLiteral("overview"), QStringLiteral("sources"),
        QStringLiteral("reports"), QStringLiteral("bounces"), QStringLiteral("failures"),
        QStringLiteral("campaigns"), QStringLiteral("log") };
    const int index = int(pages.indexOf(name.toLower()));
    if (index < 0)
        return false;
    m_tabs->setCurrentIndex(index);
    return true;
}

MailDetailView::Content MainWindow::detailContent(
    const MailDescription::Fields &fields, const OriginalMessage &original, qint64 mailRef)
{
    MailDetailView::Content content { fields, original.received, original.headers,
        LinkStore::forMail(m_database->connection(), mailRef), {} };
    const QHash<QString, ReverseDnsEntry> names = ReverseDnsCache::load(m_database->connection());
    for (LinkStore::LinkView &link : content.links) {
        if (const SourceStats *stats = m_sourceModel->source(link.sourceIp))
            link.category = stats->category;
        content.linkedAddresses.insert(link.sourceIp);
        const QString name = names.value(link.sourceIp).name;
        if (!name.isEmpty())
            content.linkedAddresses.insert(name);
    }
    return content;
}
