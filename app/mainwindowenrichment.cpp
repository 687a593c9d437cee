// MainWindow, part three: what runs after an import in the background: reverse DNS of new
// sources, then the links between mail and report rows.
#include "mainwindow.h"

#include "backgroundquery.h"
#include "checkdnsdialog.h"
#include "dkimkeys.h"
#include "dnsposture.h"
#include "linkstore.h"
#include "reversedns.h"

#include <QDateTime>
#include <QHostAddress>
#include <QLabel>
#include <QSettings>
#include <QSqlQuery>

namespace {

// The name server for every lookup: the system's, unless the settings name one.
QHostAddress configuredNameserver()
{
    return QHostAddress(QSettings().value(QStringLiteral("dns/nameserver")).toString());
}

} // namespace

void MainWindow::lookUpSourceNames()
{
    QSettings settings;
    if (!m_resolver->isIdle() || m_findingPendingNames)
        return;
    if (!settings.value(QStringLiteral("dns/enabled"), true).toBool()) {
        recomputeLinks();
        return;
    }
    // Which sources lack a fresh name is a scan of every record: on a large store that takes
    // a second, so it runs beside the window, not in it.
    m_findingPendingNames = true;
    BackgroundQuery::run<QStringList>(
        m_database->location(),
        [](QSqlDatabase db) {
            return ReverseDnsCache::pending(db, QDateTime::currentSecsSinceEpoch());
        },
        this,
        [this](const QStringList &pending) {
            m_findingPendingNames = false;
            if (pending.isEmpty()) {
                lookUpDkimKeys();
                return;
            }
            m_resolver->setNameserver(configuredNameserver());
            m_dnsLabel->setText(pending.size() == 1
                    ? tr("Looking up 1 source name…")
                    : tr("Looking up %1 source names…").arg(pending.size()));
            m_dnsLabel->show();
            m_resolver->resolve(pending);
        });
}

void MainWindow::onSourceNamesResolved()
{
    m_dnsLabel->hide();
    QString error;
    if (!ReverseDnsCache::store(m_database->connection(), m_resolver->results(), &error))
        m_statusText->setText(tr("Cannot keep the source names: %1").arg(error));
    m_namesChanged = m_namesChanged || !m_resolver->results().isEmpty();
    m_resolver->clearResults();
    // Names change organisations, categories and relay-host links; keys decide forged DKIM.
    lookUpDkimKeys();
}

void MainWindow::lookUpDkimKeys()
{
    if (!m_keyResolver->isIdle()) {
        recomputeLinks();
        return;
    }
    // The selectors to check come from a scan of every DKIM result: off the window's thread.
    BackgroundQuery::run<QList<DkimKeyCache::Entry>>(
        m_database->location(),
        [](QSqlDatabase db) {
            return DkimKeyCache::pending(db, QDateTime::currentSecsSinceEpoch());
        },
        this,
        [this](const QList<DkimKeyCache::Entry> &pending) {
            if (pending.isEmpty() || !m_keyResolver->isIdle()) {
                recomputeLinks();
                return;
            }
            m_keyResolver->setNameserver(configuredNameserver());
            m_dnsLabel->setText(pending.size() == 1
                    ? tr("Checking 1 DKIM key…")
                    : tr("Checking %1 DKIM keys…").arg(pending.size()));
            m_dnsLabel->show();
            m_keyResolver->resolve(pending);
        });
}

void MainWindow::onDkimKeysResolved()
{
    m_dnsLabel->hide();
    QString error;
    if (!DkimKeyCache::store(m_database->connection(), m_keyResolver->results(),
            QDateTime::currentSecsSinceEpoch(), &error))
        m_statusText->setText(tr("Cannot keep the DKIM key checks: %1").arg(error));
    m_keyResolver->clearResults();
    recomputeLinks();
}

void MainWindow::recomputeLinks()
{
    // New data is linked incrementally; new reverse DNS names can add relay-host links to old
    // rows, which only a recompute finds.
    const bool full = std::exchange(m_namesChanged, false);
    BackgroundQuery::run<qint64>(
        m_database->location(),
        [full](QSqlDatabase db) { return full ? LinkStore::recompute(db) : LinkStore::update(db); },
        this,
        [this](const qint64 &links) {
            reload();
            Q_EMIT linksUpdated(links);
        });
}

void MainWindow::checkDns()
{
    QStringList domains;
    QSqlQuery query(m_database->connection());
    if (query.exec(QStringLiteral("SELECT DISTINCT policy_domain FROM reports ORDER BY 1")))
        while (query.next())
            domains.append(query.value(0).toString());
    auto *dialog = new CheckDnsDialog(
        domains,
        [this](const QString &domain) {
            CheckDnsDialog::Inputs inputs;
            DnsPostureCheck::inputsFromStore(
                m_database->connection(), domain, &inputs.selectors, &inputs.spfOnlySources);
            return inputs;
        },
        configuredNameserver(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    if (!domains.isEmpty())
        dialog->check();
}
