#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

// Who runs a domain, and what kind of sender that makes it: the map from base domains
// (registrable domains of PTR names, DKIM d= and SPF domains) to organisations that the project
// curates in resources/organisations.csv, plus the user's own entries.
struct Organisation
{
    enum class Type
    {
        Unknown,
        EmailServiceProvider, // sends mail for its customers: SendGrid, Mailchimp, SES ...
        MailboxProvider, // hosts mailboxes and forwards: Gmail, Outlook.com, GMX ...
        Forwarder, // forwarding services and mailing lists
        University, // research networks and universities: forward alumni and staff mail
        WebHost, // web and mail hosting that relays its customers' mail
        SecurityGateway, // filtering gateways in front of mailboxes
        Isp, // access networks: home connections, where botnets live
        CloudHosting, // rented servers
    };

    QString name;
    Type type = Type::Unknown;

    bool isKnown() const { return type != Type::Unknown; }
    // Relays mail that others sent: mailbox providers, forwarders, universities, hosts, gateways.
    bool relays() const;
    static QString typeName(Type type); // "email service provider", ...
    static Type typeFromName(const QString &name);
};

class OrgMap
{
public:
    // The shipped map, read once from the resource.
    static const OrgMap &shipped();
    // The shipped map with the user's own entries (settings key organisations/user, CSV lines)
    // over it: what classification uses.
    static OrgMap effective();
    static QString userEntries();
    static void setUserEntries(const QString &csv);
    QByteArray toCsv() const;
    // "base_domain,organisation,type" lines; '#' starts a comment; a header line is skipped.
    static OrgMap fromCsv(const QByteArray &csv);

    // Adds or replaces an entry (the user's own win over the shipped ones).
    void insert(const QString &baseDomain, const Organisation &organisation);
    void merge(const OrgMap &other);
    // The organisation of a host or domain: its registrable domain first, then each parent.
    Organisation lookup(const QString &hostOrDomain) const;
    qsizetype size() const { return m_entries.size(); }
    const QHash<QString, Organisation> &entries() const { return m_entries; }

private:
    QHash<QString, Organisation> m_entries;
};
