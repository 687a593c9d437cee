// ImapSync: the retry loop and watching for new mail (one pass is in imapsync.cpp).
#include "imapsync.h"

#include <QScopeGuard>

namespace {

// Only a dropped or stalled connection is worth another try; a refused password or
// certificate, a NO from the server or a store error will not mend by itself.
bool isRetryable(ImapConnection::Error error)
{
    using Error = ImapConnection::Error;
    return error == Error::Network || error == Error::Timeout || error == Error::Protocol;
}

} // namespace

bool ImapSync::run()
{
    using Error = ImapConnection::Error;
    m_stats.complete = false;
    int delay = m_retry.initialDelayMs;
    int failures = 0;
    while (true) {
        const qint64 seenBefore = m_stats.seen;
        m_error.clear();
        m_errorKind = Error::None;
        if (syncOnce()) {
            m_stats.complete = true;
            return true;
        }
        if (canceled())
            return false;
        if (!isRetryable(m_errorKind))
            return false;
        // A server never reached (wrong host, nothing listening) is a mistake to report now;
        // one that dropped the connection is worth waiting for.
        if (!m_reachable)
            return false;
        if (m_stats.seen > seenBefore) {
            failures = 0;
            delay = m_retry.initialDelayMs;
        }
        if (++failures > m_retry.maxFailuresWithoutProgress)
            return false;
        report({ {}, 0, 0, 0,
            tr("%1; connecting again in %2 s").arg(m_error).arg((delay + 999) / 1000) });
        if (!pause(delay))
            return false;
        delay = qMin(delay * 2, m_retry.maxDelayMs);
        ++m_stats.reconnects;
    }
}

bool ImapSync::waitForNews(int pollSeconds)
{
    std::unique_ptr<ImapConnection> connection = connect();
    if (!connection)
        return false;
    // Whichever way this ends, what the connection received counts in the progress.
    const auto countBytes = qScopeGuard([&] { m_bytesBefore += connection->bytesReceived(); });
    if (!connection->hasCapability("IDLE")) {
        connection->logout();
        report({ {}, 0, 0, 0, tr("Checking for new mail every %1 s").arg(pollSeconds) });
        return pause(pollSeconds * 1000);
    }
    const QString folder = m_account.folders.value(0, QStringLiteral("INBOX"));
    qint64 exists = 0;
    if (!connection->command("EXAMINE " + mailboxArgument(folder), [&](const ImapResponse &r) {
            if (r.name == "EXISTS")
                exists = r.number;
        }))
        return failFrom(*connection);
    report({ {}, 0, 0, 0, tr("Watching %1 for new mail").arg(folder) });
    // IDLE covers the first folder; with several, the others are polled by ending IDLE in time.
    // Servers drop IDLE after 30 minutes (RFC 9051 advises re-issuing it before 29).
    const int maxMs = m_account.folders.size() > 1 ? pollSeconds * 1000 : 25 * 60 * 1000;
    if (!connection->idle(
            maxMs, [&](const ImapResponse &r) { return r.name == "EXISTS" && r.number > exists; }))
        return failFrom(*connection);
    connection->logout();
    return true;
}

bool ImapSync::watch(int pollSeconds)
{
    while (!canceled()) {
        if (!run())
            return canceled() && m_stats.complete;
        if (!waitForNews(pollSeconds) && !canceled() && !isRetryable(m_errorKind))
            return false;
    }
    return m_stats.complete;
}
