#include "imapsync.h"

#include "imapfoldername.h"
#include "imapfolderstate.h"
#include "importer.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QLocale>
#include <QThread>

#include <algorithm>

struct ImapSync::Storage
{
    Storage(QSqlDatabase db, const InputCaps &caps)
        : importer(db, caps)
        , folders(db)
    { }
    Importer importer;
    ImapFolderState folders;
    ImapConnection *connection = nullptr; // the one open now, for the byte count
};

namespace {

QByteArray uidSet(const QList<qint64> &uids)
{
    QByteArray set;
    for (qint64 uid : uids)
        set += (set.isEmpty() ? "" : ",") + QByteArray::number(uid);
    return set;
}

} // namespace

QByteArray ImapSync::mailboxArgument(const QString &folder)
{
    return ImapConnection::quoted(QString::fromLatin1(ImapFolderName::encode(folder)));
}

bool ImapSync::signIn(
    ImapConnection &connection, const ImapAccount &account, const Credentials &credentials)
{
    return connection.open()
        && (account.auth == ImapAccount::Auth::OAuth2
                ? connection.authenticateOAuth(account.user, credentials.oauthToken)
                : connection.login(account.user, credentials.password));
}

ImapSync::ImapSync(QSqlDatabase db, const ImapAccount &account, const Credentials &credentials,
    const InputCaps &caps)
    : m_db(db)
    , m_account(account)
    , m_credentials(credentials)
    , m_caps(caps)
    , m_storage(std::make_unique<Storage>(db, caps))
{ }

ImapSync::~ImapSync() = default;

void ImapSync::report(const Progress &progress)
{
    if (!m_progress)
        return;
    Progress withBytes = progress;
    withBytes.bytes
        = m_bytesBefore + (m_storage->connection ? m_storage->connection->bytesReceived() : 0);
    m_progress(withBytes);
}

bool ImapSync::pause(int ms)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        if (canceled())
            return false;
        QThread::msleep(ulong(qBound(qint64(1), deadline.remainingTime(), qint64(50))));
    }
    return !canceled();
}

bool ImapSync::failFrom(const ImapConnection &connection)
{
    m_error = connection.errorString();
    m_errorKind = connection.error();
    if (!connection.certificateSha256().isEmpty())
        m_certificateSha256 = connection.certificateSha256();
    return false;
}

std::unique_ptr<ImapConnection> ImapSync::connect()
{
    ImapParser::Limits limits;
    limits.maxLiteralBytes = m_caps.maxInputBytes;
    auto connection = std::make_unique<ImapConnection>(m_account.endpoint, limits);
    connection->setCancelFlag(m_canceled);
    report({ {}, 0, 0, 0, tr("Connecting to %1").arg(m_account.endpoint.host) });
    const bool ok = signIn(*connection, m_account, m_credentials);
    m_reachable = m_reachable || connection->reachedServer();
    if (!ok) {
        failFrom(*connection);
        m_bytesBefore += connection->bytesReceived();
        return nullptr;
    }
    return connection;
}

bool ImapSync::syncOnce()
{
    std::unique_ptr<ImapConnection> connection = connect();
    if (!connection)
        return false;
    m_storage->connection = connection.get();
    bool ok = true;
    for (const QString &folder : std::as_const(m_account.folders)) {
        if (!syncFolder(*connection, folder)) {
            ok = false;
            break;
        }
    }
    if (ok)
        connection->logout();
    m_bytesBefore += connection->bytesReceived();
    m_storage->connection = nullptr;
    return ok;
}

bool ImapSync::syncFolder(ImapConnection &connection, const QString &folder)
{
    const bool readOnly = !m_account.markRead && m_account.moveTo.isEmpty();
    qint64 uidValidity = 0;
    qint64 exists = 0;
    const bool opened = connection.command(
        (readOnly ? "EXAMINE " : "SELECT ") + mailboxArgument(folder), [&](const ImapResponse &r) {
            if (r.status == "OK" && r.code.toUpper().startsWith("UIDVALIDITY "))
                uidValidity = r.code.mid(12).trimmed().toLongLong();
            else if (r.name == "EXISTS")
                exists = r.number;
        });
    if (!opened) {
        failFrom(connection);
        m_error = tr("cannot open the folder %1: %2").arg(folder, m_error);
        return false;
    }
    if (uidValidity <= 0) {
        m_errorKind = ImapConnection::Error::Protocol;
        m_error = tr("the server gave no UIDVALIDITY for the folder %1").arg(folder);
        return false;
    }
    const QString account = m_account.key();
    const ImapFolderState::State state = m_storage->folders.load(account, folder);
    qint64 lastUid = state.uidValidity == uidValidity ? state.lastUid : 0;
    if (state.known && state.uidValidity != uidValidity) {
        // The server renumbered the folder: every message is read again, and what the store
        // already has turns into duplicates by content.
        report({ folder, 0, 0, 0,
            tr("%1 was renumbered (UIDVALIDITY changed): reading it again").arg(folder) });
    }
    if (!state.known || state.uidValidity != uidValidity)
        m_storage->folders.save(account, folder, uidValidity, lastUid);
    if (exists == 0)
        return true;

    // Sizes first: a message over the cap is logged as rejected and skipped, never fetched.
    QList<std::pair<qint64, qint64>> pending; // uid, size
    if (!connection.command("UID FETCH " + QByteArray::number(lastUid + 1) + ":* (UID RFC822.SIZE)",
            [&](const ImapResponse &r) {
                const ImapToken *uid = r.fetchItem("UID");
                const ImapToken *size = r.fetchItem("RFC822.SIZE");
                if (r.name == "FETCH" && uid && uid->text.toLongLong() > lastUid)
                    pending.append({ uid->text.toLongLong(), size ? size->text.toLongLong() : 0 });
            }))
        return failFrom(connection);
    std::sort(pending.begin(), pending.end());

    Progress progress { folder, 0, qint64(pending.size()), 0, tr("Reading %1").arg(folder) };
    report(progress);
    bool stored = true;
    QList<qint64> batch;
    auto fetchBatch = [&]() -> bool {
        if (batch.isEmpty())
            return true;
        const bool fetched = connection.command(
            "UID FETCH " + uidSet(batch) + " (UID BODY.PEEK[])", [&](const ImapResponse &r) {
                const ImapToken *uid = r.fetchItem("UID");
                const ImapToken *body = r.fetchItem("BODY[]");
                // Servers may add unsolicited FETCH responses (flag changes): no body, no import.
                if (!stored || r.name != "FETCH" || !uid || !body
                    || uid->text.toLongLong() <= lastUid)
                    return;
                m_stats.bytes += body->text.size();
                stored = storeMessage(folder, uidValidity, uid->text.toLongLong(), body->text, {});
                if (stored) {
                    lastUid = uid->text.toLongLong();
                    ++progress.done;
                    report(progress);
                }
            });
        if (!stored)
            return false;
        if (!fetched)
            return failFrom(connection);
        const QList<qint64> done = batch;
        batch.clear();
        return afterImport(connection, done);
    };
    for (const auto &[uid, size] : std::as_const(pending)) {
        if (size > m_caps.maxInputBytes) {
            if (!fetchBatch())
                return false;
            const QString tooLarge = tr("the message is %1, over the limit of %2")
                                         .arg(QLocale::c().formattedDataSize(size),
                                             QLocale::c().formattedDataSize(m_caps.maxInputBytes));
            if (!storeMessage(folder, uidValidity, uid, {}, tooLarge))
                return false;
            lastUid = uid;
            ++progress.done;
            continue;
        }
        batch.append(uid);
        if (batch.size() >= m_batchSize && !fetchBatch())
            return false;
    }
    return fetchBatch();
}

bool ImapSync::storeMessage(const QString &folder, qint64 uidValidity, qint64 uid,
    const QByteArray &bytes, const QString &tooLarge)
{
    ++m_stats.seen;
    const Importer::Input input { QStringLiteral("imap://%1/%2;UIDVALIDITY=%3/;UID=%4")
                                      .arg(m_account.key(), folder)
                                      .arg(uidValidity)
                                      .arg(uid),
        true };
    Importer::ReadInput read = tooLarge.isEmpty() ? Importer::readBytes(input, bytes, m_caps)
                                                  : Importer::finishedInput(input, 0, tooLarge);
    ImportLogEntry entry;
    const QString account = m_account.key();
    if (!m_storage->importer.storeAtomically(
            std::move(read),
            [&] { return m_storage->folders.save(account, folder, uidValidity, uid); }, &entry)) {
        m_errorKind = ImapConnection::Error::None;
        m_error = tr("cannot store %1: %2").arg(input.path, m_storage->importer.errorString());
        return false;
    }
    using Outcome = ImportLogEntry::Outcome;
    switch (entry.outcome) {
    case Outcome::Imported:
        ++m_stats.imported;
        break;
    case Outcome::Duplicate:
        ++m_stats.duplicates;
        break;
    case Outcome::Rejected:
        ++m_stats.rejected;
        break;
    case Outcome::Ignored:
        ++m_stats.ignored;
        break;
    }
    if (m_entry)
        m_entry(entry);
    return true;
}

bool ImapSync::afterImport(ImapConnection &connection, const QList<qint64> &uids)
{
    const QByteArray set = uidSet(uids);
    if (m_account.markRead && !connection.command("UID STORE " + set + " +FLAGS.SILENT (\\Seen)"))
        return failFrom(connection);
    if (m_account.moveTo.isEmpty())
        return true;
    const QByteArray target = mailboxArgument(m_account.moveTo);
    bool moved;
    if (connection.hasCapability("MOVE")) {
        moved = connection.command("UID MOVE " + set + ' ' + target);
    } else {
        moved = connection.command("UID COPY " + set + ' ' + target)
            && connection.command("UID STORE " + set + " +FLAGS.SILENT (\\Deleted)")
            && (!connection.hasCapability("UIDPLUS") || connection.command("UID EXPUNGE " + set));
    }
    if (!moved) {
        failFrom(connection);
        m_error = tr("the messages were stored but could not be moved to %1: %2")
                      .arg(m_account.moveTo, m_error);
    }
    return moved;
}
