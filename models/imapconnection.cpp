#include "imapconnection.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QSslConfiguration>
#include <QSslSocket>

namespace {

QByteArray normalizedDigest(QByteArray hex)
{
    return hex.replace(':', QByteArray()).trimmed().toLower();
}

} // namespace

ImapConnection::ImapConnection(const ImapEndpoint &endpoint, const ImapParser::Limits &limits)
    : m_endpoint(endpoint)
    , m_limits(limits)
    , m_parser(limits)
{ }

ImapConnection::~ImapConnection()
{
    if (m_socket)
        m_socket->abort();
}

bool ImapConnection::fail(Error error, const QString &text)
{
    if (m_error == Error::None) {
        m_error = error;
        m_errorString = text;
    }
    if (m_socket)
        m_socket->abort();
    return false;
}

QByteArray ImapConnection::nextTag()
{
    return "A" + QByteArray::number(++m_tag).rightJustified(4, '0');
}

QByteArray ImapConnection::quoted(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    if (utf8.contains('\r') || utf8.contains('\n') || utf8.contains('\0'))
        return {};
    QByteArray out = "\"";
    for (char c : utf8) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + '"';
}

bool ImapConnection::hasCapability(const char *capability) const
{
    return m_capabilities.contains(QByteArray(capability).toUpper());
}

void ImapConnection::takeCapabilities(const QByteArray &words)
{
    m_capabilities.clear();
    for (const QByteArray &word : words.split(' '))
        if (!word.isEmpty())
            m_capabilities.insert(word.toUpper());
}

bool ImapConnection::connectSocket()
{
    using Security = ImapEndpoint::Security;
    if (m_endpoint.security == Security::PlainLoopbackOnly
        && QHostAddress(m_endpoint.host) != QHostAddress(QHostAddress::LocalHost))
        return fail(Error::Security,
            tr("an unencrypted connection is only allowed to 127.0.0.1, not to %1")
                .arg(m_endpoint.host));
    m_socket = std::make_unique<QSslSocket>();
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    if (!m_endpoint.extraCaCertificates.isEmpty())
        config.addCaCertificates(m_endpoint.extraCaCertificates);
    m_socket->setSslConfiguration(config);
    m_socket->setPeerVerifyName(m_endpoint.host);
    QSslSocket *socket = m_socket.get();
    QObject::connect(
        socket, &QSslSocket::sslErrors, socket, [this, socket](const QList<QSslError> &errors) {
            m_certificateSha256
                = socket->peerCertificate().digest(QCryptographicHash::Sha256).toHex();
            if (!m_endpoint.pinnedSha256.isEmpty()
                && normalizedDigest(m_endpoint.pinnedSha256) == m_certificateSha256)
                socket->ignoreSslErrors();
            else
                m_sslErrors = errors;
        });
    if (m_endpoint.security == Security::Tls)
        m_socket->connectToHostEncrypted(m_endpoint.host, m_endpoint.port);
    else
        m_socket->connectToHost(m_endpoint.host, m_endpoint.port);
    if (!m_socket->waitForConnected(m_endpoint.timeoutMs))
        return fail(Error::Network,
            tr("cannot connect to %1 port %2: %3")
                .arg(m_endpoint.host)
                .arg(m_endpoint.port)
                .arg(m_socket->errorString()));
    m_reachedServer = true;
    if (m_endpoint.security == Security::Tls && !m_socket->waitForEncrypted(m_endpoint.timeoutMs))
        return handshakeFailed();
    return true;
}

bool ImapConnection::open()
{
    using Security = ImapEndpoint::Security;
    if (!connectSocket())
        return false;
    ImapResponse greeting;
    if (!readResponse(&greeting)) {
        if (m_error == Error::Protocol)
            m_errorString
                = tr("%1 did not greet as an IMAP server: %2").arg(m_endpoint.host, m_errorString);
        return false;
    }
    if (greeting.kind != ImapResponse::Kind::Untagged
        || (greeting.status != "OK" && greeting.status != "PREAUTH"))
        return fail(greeting.status == "BYE" ? Error::Network : Error::Protocol,
            tr("the server did not greet as an IMAP server: \"%1\"")
                .arg(QString::fromLatin1(greeting.firstLine)));
    m_preauth = greeting.status == "PREAUTH";
    if (m_endpoint.security == Security::StartTls) {
        // A PREAUTH session can never be switched to TLS: whatever we sent would go in clear.
        if (m_preauth)
            return fail(Error::Security,
                tr("the server skipped authentication (PREAUTH) before TLS was started; nothing "
                   "was sent and the connection was closed"));
        // Capabilities sent in clear may have been forged: STARTTLS is tried regardless and
        // they are asked again afterwards.
        return startTls() && refreshCapabilities();
    }
    if (greeting.code.toUpper().startsWith("CAPABILITY "))
        takeCapabilities(greeting.code.mid(11));
    else if (!refreshCapabilities())
        return false;
    return true;
}

bool ImapConnection::startTls()
{
    const QByteArray tag = nextTag();
    if (!send(tag + " STARTTLS"))
        return false;
    while (true) {
        ImapResponse response;
        if (!readResponse(&response))
            return false;
        if (response.kind != ImapResponse::Kind::Tagged)
            continue; // untagged before TLS: ignored, never trusted
        if (response.tag != tag || response.status != "OK")
            return fail(Error::Security,
                tr("the server refused STARTTLS: \"%1\"")
                    .arg(QString::fromLatin1(response.firstLine)));
        break;
    }
    // Anything already sent after the OK was written before encryption: an attacker's injection.
    const qint64 early = m_parser.pendingBytes() + m_socket->bytesAvailable();
    if (early > 0)
        return fail(Error::Security,
            tr("the server sent %1 bytes after accepting STARTTLS and before the TLS handshake; "
               "this is how commands are injected, so the connection was closed")
                .arg(early));
    m_socket->startClientEncryption();
    if (!m_socket->waitForEncrypted(m_endpoint.timeoutMs))
        return handshakeFailed();
    m_parser = ImapParser(m_limits);
    m_capabilities.clear();
    return true;
}

bool ImapConnection::handshakeFailed()
{
    if (m_sslErrors.isEmpty())
        return fail(Error::Network,
            tr("TLS handshake with %1 failed: %2").arg(m_endpoint.host, m_socket->errorString()));
    return fail(Error::Certificate,
        tr("the certificate of %1 is not trusted (%2); SHA-256 fingerprint %3")
            .arg(m_endpoint.host, m_sslErrors.first().errorString(),
                QString::fromLatin1(m_certificateSha256)));
}

bool ImapConnection::finishTagged(const ImapResponse &response, const QByteArray &tag)
{
    if (response.tag != tag)
        return fail(Error::Protocol,
            tr("an answer to a command never sent: \"%1\"")
                .arg(QString::fromLatin1(response.firstLine)));
    m_lastText = QString::fromUtf8(response.text);
    if (response.code.toUpper().startsWith("CAPABILITY "))
        takeCapabilities(response.code.mid(11));
    if (response.status == "OK")
        return true;
    // A NO or BAD leaves the connection usable; the caller decides what it means.
    m_error = Error::Command;
    m_errorString
        = tr("the server answered %1: %2").arg(QString::fromLatin1(response.status), m_lastText);
    return false;
}

bool ImapConnection::refreshCapabilities()
{
    return command("CAPABILITY", [this](const ImapResponse &response) {
        if (response.name != "CAPABILITY")
            return;
        QByteArray words;
        for (const ImapToken &token : response.data)
            words += token.text + ' ';
        takeCapabilities(words);
    });
}

bool ImapConnection::send(const QByteArray &line)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return fail(Error::Network, tr("the connection to %1 is closed").arg(m_endpoint.host));
    m_socket->write(line + "\r\n");
    m_socket->flush();
    return true;
}

bool ImapConnection::waitForBytes()
{
    QDeadlineTimer deadline(m_endpoint.timeoutMs);
    while (m_socket->bytesAvailable() == 0) {
        if (m_canceled && m_canceled->load())
            return fail(Error::Canceled, tr("canceled"));
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            return fail(Error::Network, tr("%1 closed the connection").arg(m_endpoint.host));
        if (deadline.hasExpired())
            return fail(Error::Timeout,
                tr("%1 did not answer for %2 seconds")
                    .arg(m_endpoint.host)
                    .arg(m_endpoint.timeoutMs / 1000));
        if (!m_socket->waitForReadyRead(int(qMin<qint64>(200, deadline.remainingTime())))
            && m_socket->error() != QAbstractSocket::SocketTimeoutError
            && m_socket->state() != QAbstractSocket::ConnectedState)
            return fail(Error::Network,
                tr("the connection to %1 was lost: %2")
                    .arg(m_endpoint.host, m_socket->errorString()));
    }
    return true;
}

bool ImapConnection::readResponse(ImapResponse *response)
{
    while (true) {
        switch (m_parser.next(response)) {
        case ImapParser::Status::Response:
            return true;
        case ImapParser::Status::Error:
            return fail(Error::Protocol, m_parser.errorString());
        case ImapParser::Status::NeedMore:
            break;
        }
        if (!waitForBytes())
            return false;
        const QByteArray bytes = m_socket->readAll();
        m_bytesReceived += bytes.size();
        m_parser.feed(bytes);
    }
}

bool ImapConnection::command(const QByteArray &command, const UntaggedHandler &untagged)
{
    if (m_error == Error::Command)
        m_error = Error::None; // a NO leaves the connection usable
    if (m_error != Error::None)
        return false;
    const QByteArray tag = nextTag();
    if (!send(tag + ' ' + command))
        return false;
    while (true) {
        ImapResponse response;
        if (!readResponse(&response))
            return false;
        if (response.kind == ImapResponse::Kind::Continuation)
            return fail(Error::Protocol,
                tr("the server asked for more input to \"%1\"")
                    .arg(QString::fromLatin1(command.first(qMin<qsizetype>(command.size(), 40)))));
        if (response.kind == ImapResponse::Kind::Untagged) {
            if (untagged)
                untagged(response);
            continue;
        }
        return finishTagged(response, tag);
    }
}
