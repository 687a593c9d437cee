#include "clicommands.h"

#include "database.h"
#include "dnsposture.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace CliCommands {

int checkDns(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("domain"), QStringLiteral("The policy domain."));
    addDnsOptions(parser);
    if (!parser.parse(arguments)) {
        err << parser.errorText() << Qt::endl;
        return UsageOrDatabaseError;
    }
    if (parser.positionalArguments().size() != 1) {
        err << "usage: dmarcscope-cli check-dns DOMAIN [--json] [--nameserver IP]" << Qt::endl;
        return UsageOrDatabaseError;
    }
    const QString domain = parser.positionalArguments().first().toLower();
    QHostAddress nameserver;
    if (!nameserverOption(parser, &nameserver, err))
        return UsageOrDatabaseError;
    // The store, when there is one, says which selectors and sources to look at.
    QStringList selectors, spfOnly;
    QSqlDatabase db = database.connection();
    if (db.isOpen())
        DnsPostureCheck::inputsFromStore(db, domain, &selectors, &spfOnly);

    DnsPostureCheck check;
    if (!nameserver.isNull())
        check.setNameserver(nameserver);
    check.setSpfOnlyAuthorisedSources(spfOnly);
    DnsPosture posture;
    bool done = false;
    QEventLoop loop;
    QObject::connect(&check, &DnsPostureCheck::finished, &loop, [&](const DnsPosture &result) {
        posture = result;
        done = true;
        loop.quit();
    });
    QTimer::singleShot(
        parser.value(QStringLiteral("timeout")).toInt() * 1000, &loop, &QEventLoop::quit);
    check.start(domain, selectors);
    if (!done)
        loop.exec();
    if (!done) {
        err << "DNS did not answer in time" << Qt::endl;
        return UsageOrDatabaseError;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray keys;
        for (const DnsPosture::DkimKey &key : posture.dkim)
            keys.append(QJsonObject { { QStringLiteral("selector"), key.selector },
                { QStringLiteral("found"), key.found },
                { QStringLiteral("revoked"), key.revoked } });
        out << QString::fromUtf8(QJsonDocument(
            QJsonObject { { QStringLiteral("domain"), posture.domain },
                { QStringLiteral("dmarc"), posture.dmarcRecord },
                { QStringLiteral("spf"), posture.spfRecord },
                { QStringLiteral("spf_lookups"), posture.spfLookups },
                { QStringLiteral("dkim"), keys },
                { QStringLiteral("problems"), QJsonArray::fromStringList(posture.problems) } })
                                     .toJson(QJsonDocument::Indented));
        return Success;
    }
    out << "DMARC: "
        << (posture.dmarcRecord.isEmpty() ? QStringLiteral("none") : posture.dmarcRecord)
        << Qt::endl;
    out << "SPF:   " << (posture.spfRecord.isEmpty() ? QStringLiteral("none") : posture.spfRecord)
        << " (" << posture.spfLookups << " lookups)" << Qt::endl;
    for (const DnsPosture::DkimKey &key : posture.dkim)
        out << "DKIM:  " << key.selector << ": "
            << (key.found ? (key.revoked ? "revoked" : "key published") : "no key") << Qt::endl;
    for (const QString &problem : posture.problems)
        out << "- " << problem << Qt::endl;
    return Success;
}

} // namespace CliCommands
