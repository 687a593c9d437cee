#include "imapsecrets.h"

#include <QEventLoop>

#include <qt6keychain/keychain.h>

namespace {

const QString Service = QStringLiteral("dmarcscope-imap");

ImapSecrets::Result run(QKeychain::Job &job, QString *error)
{
    job.setAutoDelete(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    if (error)
        *error = job.errorString();
    switch (job.error()) {
    case QKeychain::NoError:
        return ImapSecrets::Result::Ok;
    case QKeychain::EntryNotFound:
        return ImapSecrets::Result::NotFound;
    case QKeychain::CouldNotDeleteEntry:
        return ImapSecrets::Result::Failed;
    default:
        // No backend, no session bus (OtherError), access denied: for the user, no keyring.
        return ImapSecrets::Result::NoKeyring;
    }
}

QString entryKey(const QString &accountKey, const QString &kind)
{
    return kind + QLatin1Char(':') + accountKey;
}

} // namespace

ImapSecrets::Result ImapSecrets::read(
    const QString &accountKey, const QString &kind, QString *secret, QString *error)
{
    QKeychain::ReadPasswordJob job(Service);
    job.setInsecureFallback(false); // never a plain-text file instead of a keyring
    job.setKey(entryKey(accountKey, kind));
    const Result result = run(job, error);
    if (result == Result::Ok)
        *secret = job.textData();
    return result;
}

ImapSecrets::Result ImapSecrets::write(
    const QString &accountKey, const QString &kind, const QString &secret, QString *error)
{
    QKeychain::WritePasswordJob job(Service);
    job.setInsecureFallback(false);
    job.setKey(entryKey(accountKey, kind));
    job.setTextData(secret);
    return run(job, error);
}

ImapSecrets::Result ImapSecrets::remove(
    const QString &accountKey, const QString &kind, QString *error)
{
    QKeychain::DeletePasswordJob job(Service);
    job.setInsecureFallback(false);
    job.setKey(entryKey(accountKey, kind));
    return run(job, error);
}
