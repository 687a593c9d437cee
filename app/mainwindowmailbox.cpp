// MainWindow: the Mailbox menu and the IMAP syncs it starts (the rest of the window is in
// mainwindow.cpp).
#include "mainwindow.h"

#include "connectmailboxdialog.h"
#include "emptystatewidget.h"
#include "imapaccounts.h"
#include "imapoauth.h"
#include "imapsecrets.h"
#include "importlogmodel.h"

#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>

void MainWindow::createMailboxMenu()
{
    // Next to File: getting data in.
    auto *mailbox = new QMenu(tr("&Mailbox"), this);
    menuBar()->insertMenu(menuBar()->actions().value(1), mailbox);
    QAction *connectAction = mailbox->addAction(tr("&Connect…"), this, &MainWindow::connectMailbox);
    connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    QAction *syncAll = mailbox->addAction(tr("&Sync Remembered Accounts"), this, [this] {
        for (const ImapAccount &account : ImapAccounts::load())
            syncRemembered(account, false);
    });
    syncAll->setShortcut(QKeySequence::Refresh);
    mailbox->addAction(tr("S&top Syncing"), this, &MainWindow::stopSyncs);
    connect(m_emptyState, &EmptyStateWidget::connectMailboxRequested, this,
        &MainWindow::connectMailbox);

    m_mailboxLabel = new QLabel(this);
    m_mailboxLabel->hide();
    statusBar()->addPermanentWidget(m_mailboxLabel);
    m_syncReload = new QTimer(this);
    m_syncReload->setSingleShot(true);
    m_syncReload->setInterval(1500);
    connect(m_syncReload, &QTimer::timeout, this, [this] {
        reload();
        lookUpSourceNames();
    });
}

void MainWindow::resumeWatchedAccounts()
{
    // Accounts that watch reconnect at start when their secret is in the keyring; the others
    // wait for Mailbox > Connect (nothing prompts at start).
    for (const ImapAccount &account : ImapAccounts::load())
        if (account.watch)
            syncRemembered(account, true);
}

void MainWindow::syncRemembered(const ImapAccount &account, bool quiet)
{
    auto complain = [this, quiet, &account](const QString &why) {
        if (!quiet)
            m_statusText->setText(tr("%1: %2; use Mailbox > Connect").arg(account.key(), why));
    };
    if (account.auth == ImapAccount::Auth::Password) {
        ImapSync::Credentials credentials;
        if (ImapSecrets::read(account.key(), ImapSecrets::passwordKind(), &credentials.password)
            == ImapSecrets::Result::Ok)
            startSync(account, credentials);
        else
            complain(tr("no saved password"));
        return;
    }
    // OAuth2: a fresh access token from the refresh token in the keyring.
    QString refreshToken;
    const auto provider = ImapOAuth::forHost(account.endpoint.host);
    QSettings settings;
    if (!provider
        || ImapSecrets::read(account.key(), ImapSecrets::refreshTokenKind(), &refreshToken)
            != ImapSecrets::Result::Ok) {
        complain(tr("no saved sign-in"));
        return;
    }
    auto *oauth
        = new ImapOAuth(*provider, settings.value(QStringLiteral("oauth/clientId")).toString(),
            settings.value(QStringLiteral("oauth/clientSecret")).toString(), this);
    connect(oauth, &ImapOAuth::signedIn, this, [this, oauth, account](const QString &access) {
        oauth->deleteLater();
        startSync(account, { {}, access });
    });
    connect(oauth, &ImapOAuth::failed, this, [oauth, complain](const QString &error) {
        oauth->deleteLater();
        complain(error);
    });
    oauth->refresh(refreshToken);
}

void MainWindow::connectMailbox()
{
    ConnectMailboxDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ImapAccount account = dialog.account();
    if (account.endpoint.host.isEmpty() || account.user.isEmpty()) {
        m_statusText->setText(tr("A mailbox needs a server and a user name."));
        return;
    }
    const ImapSync::Credentials credentials = dialog.credentials();
    if (dialog.rememberPassword()) {
        QString error;
        const auto stored = ImapSecrets::write(
            account.key(), ImapSecrets::passwordKind(), credentials.password, &error);
        if (stored != ImapSecrets::Result::Ok)
            m_statusText->setText(tr("The password was not saved: %1. It is used for this session "
                                     "only; you will be asked again next time.")
                                      .arg(error));
    }
    if (!dialog.refreshToken().isEmpty())
        ImapSecrets::write(account.key(), ImapSecrets::refreshTokenKind(), dialog.refreshToken());
    ImapAccounts::remember(account);
    startSync(account, credentials);
}

void MainWindow::startSync(const ImapAccount &account, const ImapSync::Credentials &credentials)
{
    for (SyncJob *running : std::as_const(m_syncs))
        if (running->account().key() == account.key())
            running->cancel(); // the new settings replace it once it stopped
    auto *job = new SyncJob(m_database->location(), account, credentials, account.watch, this);
    connect(job, &SyncJob::progress, this, &MainWindow::onSyncProgress);
    connect(job, &SyncJob::entryStored, this, &MainWindow::onSyncEntry);
    connect(job, &SyncJob::finished, this,
        [this, job](const SyncJob::Result &result) { onSyncFinished(job, result); });
    m_syncs.append(job);
    job->start();
    updateMailboxStatus();
}

void MainWindow::stopSyncs()
{
    for (SyncJob *job : std::as_const(m_syncs))
        job->cancel();
}

void MainWindow::onSyncProgress(const ImapSync::Progress &progress)
{
    const QString bytes = QLocale().formattedDataSize(progress.bytes);
    if (progress.total > 0 && progress.done < progress.total) {
        m_progress->setRange(0, int(progress.total));
        m_progress->setValue(int(progress.done));
        m_progress->show();
        m_cancel->show();
        m_statusText->setText(tr("%1: %2 of %3 messages, %4")
                                  .arg(progress.folder)
                                  .arg(progress.done)
                                  .arg(progress.total)
                                  .arg(bytes));
    } else {
        if (!m_watcher.isRunning())
            hideProgress();
        if (!progress.status.isEmpty())
            m_statusText->setText(progress.status);
    }
}

void MainWindow::onSyncEntry(const ImportLogEntry &entry)
{
    m_logModel->prepend(entry);
    if (entry.outcome == ImportLogEntry::Outcome::Imported)
        m_syncReload->start();
}

void MainWindow::onSyncFinished(SyncJob *job, const SyncJob::Result &result)
{
    m_syncs.removeOne(job);
    job->deleteLater();
    if (!m_watcher.isRunning())
        hideProgress();
    const QString key = job->account().key();
    if (result.canceled)
        m_statusText->setText(tr("%1: stopped").arg(key));
    else if (!result.complete && result.kind == ImapConnection::Error::Certificate)
        m_statusText->setText(tr("%1: %2. To trust it, open Mailbox > Connect and test the "
                                 "connection.")
                                  .arg(key, result.error));
    else if (!result.complete)
        m_statusText->setText(tr("%1: %2").arg(key, result.error));
    else
        m_statusText->setText(tr("%1: messages read: %2, new: %3, already known: %4, rejected: %5")
                                  .arg(key)
                                  .arg(result.stats.seen)
                                  .arg(result.stats.imported)
                                  .arg(result.stats.duplicates)
                                  .arg(result.stats.rejected));
    updateMailboxStatus();
    reload();
    lookUpSourceNames();
}

void MainWindow::updateMailboxStatus()
{
    int watching = 0;
    for (const SyncJob *job : std::as_const(m_syncs))
        watching += job->account().watch ? 1 : 0;
    m_mailboxLabel->setVisible(watching > 0);
    m_mailboxLabel->setText(
        watching == 1 ? tr("Watching 1 mailbox") : tr("Watching %1 mailboxes").arg(watching));
}
