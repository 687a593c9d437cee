#include "clicommands.h"

#include "database.h"
#include "geoip.h"
#include "reversedns.h"
#include "sourceevidence.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace CliCommands {

// Looks up the sources without a cached name (bounded by `timeoutMs`) and caches the answers.
void resolvePending(
    QSqlDatabase db, const QHostAddress &nameserver, int timeoutMs, QTextStream &err)
{
    const QStringList pending = ReverseDnsCache::pending(db, QDateTime::currentSecsSinceEpoch());
    if (pending.isEmpty())
        return;
    ReverseDnsResolver resolver;
    if (!nameserver.isNull())
        resolver.setNameserver(nameserver);
    QEventLoop loop;
    QObject::connect(&resolver, &ReverseDnsResolver::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    resolver.resolve(pending);
    if (!resolver.isIdle())
        loop.exec();
    if (!resolver.isIdle())
        err << "reverse DNS: " << pending.size() - resolver.results().size()
            << " lookups still open after " << timeoutMs / 1000
            << " s; their sources have no name yet" << Qt::endl;
    QString error;
    if (!ReverseDnsCache::store(db, resolver.results(), &error))
        err << "cannot cache reverse DNS: " << error << Qt::endl;
}

bool addDnsOptions(QCommandLineParser &parser)
{
    parser.addOption({ QStringLiteral("json"), QStringLiteral("Print JSON instead of text.") });
    parser.addOption({ QStringLiteral("nameserver"),
        QStringLiteral("Ask this DNS server (an IP address) instead of the system's."),
        QStringLiteral("IP") });
    parser.addOption({ QStringLiteral("timeout"),
        QStringLiteral("Wait at most this many seconds for reverse DNS (default 20)."),
        QStringLiteral("SECONDS"), QStringLiteral("20") });
    parser.addOption({ QStringLiteral("no-dns"),
        QStringLiteral("Use cached reverse DNS only; look nothing up.") });
    return true;
}

bool nameserverOption(const QCommandLineParser &parser, QHostAddress *address, QTextStream &err)
{
    *address = QHostAddress();
    if (parser.isSet(QStringLiteral("nameserver"))
        && !address->setAddress(parser.value(QStringLiteral("nameserver")))) {
        err << "--nameserver needs an IP address" << Qt::endl;
        return false;
    }
    return true;
}

bool lookUpNames(QCommandLineParser &parser, QSqlDatabase db, QTextStream &err)
{
    QHostAddress nameserver;
    if (!nameserverOption(parser, &nameserver, err))
        return false;
    if (!parser.isSet(QStringLiteral("no-dns")))
        resolvePending(db, nameserver, parser.value(QStringLiteral("timeout")).toInt() * 1000, err);
    return true;
}

int sources(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    addDnsOptions(parser);
    parser.addOption({ QStringLiteral("geoip"),
        QStringLiteral("A MaxMind-format database for countries (default: the setting)."),
        QStringLiteral("FILE") });
    if (!parser.parse(arguments)) {
        err << parser.errorText() << Qt::endl;
        return UsageOrDatabaseError;
    }
    GeoIp geoip;
    const QString geoipPath = parser.isSet(QStringLiteral("geoip"))
        ? parser.value(QStringLiteral("geoip"))
        : GeoIp::configuredPath();
    if (!geoipPath.isEmpty() && !geoip.open(geoipPath))
        err << "GeoIP database " << geoipPath << ": " << geoip.errorString() << Qt::endl;
    QSqlDatabase db = openOrComplain(database, err);
    if (!db.isOpen())
        return UsageOrDatabaseError;
    if (!lookUpNames(parser, db, err))
        return UsageOrDatabaseError;

    QString error;
    const SourceEvidenceLoader::Result loaded = SourceEvidenceLoader::load(db, &error);
    if (!error.isEmpty()) {
        err << error << Qt::endl;
        return UsageOrDatabaseError;
    }
    const OrgMap organisations = OrgMap::effective();
    SourceClassifier classifier(organisations);
    classifier.setPassingSelectors(loaded.passingSelectors);
    const bool json = parser.isSet(QStringLiteral("json"));
    QJsonArray list;
    for (const SourceEvidence &evidence : loaded.sources) {
        const SourceClass verdict = classifier.classify(evidence);
        qint64 dkimAligned = 0, spfAligned = 0;
        // Aligned passes as the reporter evaluated them are counted by the records; here the
        // per-domain results tell which passes were aligned.
        for (const auto &dkim : evidence.dkim)
            if (dkim.result == QLatin1String("pass") && dkim.domain == evidence.policyDomain)
                dkimAligned += dkim.messages;
        for (const auto &spf : evidence.spf)
            if (spf.result == QLatin1String("pass") && spf.domain == evidence.policyDomain)
                spfAligned += spf.messages;
        const QString category = SourceClass::categoryName(verdict.category);
        if (json) {
            list.append(QJsonObject { { QStringLiteral("ip"), evidence.ip },
                { QStringLiteral("policy_domain"), evidence.policyDomain },
                { QStringLiteral("ptr"), evidence.ptr },
                { QStringLiteral("forward_confirmed"), evidence.ptrConfirmed },
                { QStringLiteral("base_domain"), verdict.baseDomain },
                { QStringLiteral("organisation"), verdict.organisation.name },
                { QStringLiteral("type"),
                    verdict.organisation.isKnown()
                        ? Organisation::typeName(verdict.organisation.type)
                        : QString() },
                { QStringLiteral("country"), geoip.country(evidence.ip) },
                { QStringLiteral("category"), category },
                { QStringLiteral("reason"), verdict.reason },
                { QStringLiteral("messages"), evidence.messages },
                { QStringLiteral("dmarc_pass"), evidence.dmarcPass },
                { QStringLiteral("dkim_aligned_pass"), dkimAligned },
                { QStringLiteral("spf_aligned_pass"), spfAligned } });
        } else {
            out << evidence.ip << '\t' << category << '\t' << evidence.messages << '\t'
                << (evidence.ptr.isEmpty() ? QStringLiteral("-") : evidence.ptr) << '\t'
                << verdict.reason << Qt::endl;
        }
    }
    if (json)
        out << QString::fromUtf8(QJsonDocument(
            QJsonObject { { QStringLiteral("sources"),
                list } }).toJson(QJsonDocument::Indented));
    return Success;
}

} // namespace CliCommands
