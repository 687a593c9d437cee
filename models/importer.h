#pragma once

#include "importlog.h"
#include "inputcaps.h"
#include "mailitems.h"
#include "mailstore.h"
#include "reportstore.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>

// Reads inputs (files; folders are expanded by collectInputs) into the store, one log entry per
// input. Reading, decompressing and parsing (readInput) need no database and run on a thread
// pool; storing (storeInput) runs on the thread that owns the connection. importAll pipelines the
// two, so both cores work. The CLI calls it directly, ImportJob runs it on a pool thread.
class Importer
{
    Q_DECLARE_TR_FUNCTIONS(Importer)
public:
    explicit Importer(QSqlDatabase db, const InputCaps &caps = {});

    struct Input
    {
        QString path;
        bool foundInFolder = false; // unrecognised files in folders are skipped, not errors
        // A part of a large mbox (see MboxSegments): the byte range, which part of how many, and
        // the number of its first message. One log entry covers all parts of a file.
        qint64 offset = 0;
        qint64 length = -1; // the whole file
        int part = 0;
        int parts = 1;
        int firstMessage = 1;
    };

    // An input read and parsed, not yet stored.
    struct ReadInput
    {
        ImportLogEntry entry; // outcome still open unless the input failed as a whole
        QStringList errors;
        QList<PreparedReport> reports;
        QStringList reportPrefixes; // "member x.xml: " for archive members, for messages
        QList<MailItem> mails; // every message of a mail input, reports' own included
        bool finished = false; // nothing to store: entry is final
        int part = 0; // of a large mbox, as in Input
        int parts = 1;
    };

    // Expands folders recursively (sorted, so runs are repeatable). Paths that do not exist come
    // back as Rejected entries in `missing`.
    static QList<Input> collectInputs(const QStringList &paths, QList<ImportLogEntry> *missing);

    // collectInputs, with the paths that do not exist written to the import log (and returned).
    QList<Input> collectAndLogMissing(const QStringList &paths, QList<ImportLogEntry> *missing);

    // Thread-safe, no database.
    static ReadInput readInput(const Input &input, const InputCaps &caps);
    // The same for bytes already in memory (a message fetched over IMAP); `label` names them in
    // the log.
    static ReadInput readBytes(const Input &input, const QByteArray &bytes, const InputCaps &caps);
    // An input that ends before anything is stored (rejected or ignored, with the reason), for
    // whoever reads it: the file's size cap, an IMAP message too large to fetch.
    static ReadInput finishedInput(const Input &input, qint64 bytes, const QString &error,
        ImportLogEntry::Outcome outcome = ImportLogEntry::Outcome::Rejected);
    ImportLogEntry storeInput(const ReadInput &read);
    ImportLogEntry importFile(const Input &input) { return storeInput(readInput(input, m_caps)); }

    // Imports every input in order, logging each. `done` is called with each entry as it is
    // stored; `canceled` is polled between inputs; `stored` then gets the bytes of input each
    // commit stored, parts of a large mbox included (whose entry comes only after its last
    // part), so a progress bar moves through a big mailbox too. Returns false on a database
    // error (then errorString() says why and the remaining inputs are not read).
    bool importAll(const QList<Input> &inputs,
        const std::function<void(const ImportLogEntry &)> &done,
        const std::function<bool()> &canceled = {},
        const std::function<void(qint64 bytes)> &stored = {});

    // Stores one input and its log entry in a transaction of their own, together with whatever
    // `alsoStore` writes (an IMAP folder's highest UID): all of it is stored or none. False (with
    // errorString) when the transaction failed; the entry then says nothing was stored.
    bool storeAtomically(
        const ReadInput &read, const std::function<bool()> &alsoStore, ImportLogEntry *entry);

    // Stores the entry in the import log table. False (with errorString) on a database error.
    bool log(const ImportLogEntry &entry);

    QString errorString() const { return m_error; }

private:
    // Called with each stored input and its entry; logs it (or, for a part of a large mbox, keeps
    // it until the last part). False on a database error.
    using Accept = std::function<bool(const ReadInput &, const ImportLogEntry &)>;
    // Rolls the open batch back and stores `inputs` again, each report under a savepoint of its
    // own, passing each to `accept`. False on a database error.
    bool storeBatchAgain(const QList<ReadInput> &inputs, const Accept &accept);
    // Large mbox files become several inputs, one per part.
    static QList<Input> splitLargeMailboxes(const QList<Input> &inputs, const InputCaps &caps);
    // One entry for all parts of a file: counts added, errors and warnings joined.
    static ImportLogEntry mergedEntry(const QList<ImportLogEntry> &parts);

    QSqlDatabase m_db;
    InputCaps m_caps;
    ReportStore m_store;
    MailStore m_mailStore;
    QString m_error;
};
