// ImapConnection: authentication, IDLE and logout (the connection set-up is in
// imapconnection.cpp).
#include "imapconnection.h"

#include <QDeadlineTimer>
#include <QSslSocket>

bool ImapConnection::login(const QString &user, const QString &password)
{
    if (m_preauth)
        return true;
    if (hasCapability("LOGINDISABLED") && !hasCapability("AUTH=PLAIN"))
        return fail(Error::Security,
            tr("%1 does not accept a password on this connection (LOGINDISABLED)")
                .arg(m_endpoint.host));
    bool ok;
    if (hasCapability("AUTH=PLAIN")) {
        const QByteArray plain = '\0' + user.toUtf8() + '\0' + password.toUtf8();
        ok = authenticate("PLAIN", plain);
    } else {
        const QByteArray quotedUser = quoted(user);
        const QByteArray quotedPassword = quoted(password);
        if (quotedUser.isEmpty() || quotedPassword.isEmpty())
            return fail(Error::Authentication,
                tr("the user name or password contains a line break and cannot be sent"));
        ok = command("LOGIN " + quotedUser + ' ' + quotedPassword);
    }
    if (!ok && m_error == Error::Command) {
        m_error = Error::Authentication;
        m_errorString
            = tr("%1 refused the user name or password: %2").arg(m_endpoint.host, m_lastText);
    }
    return ok
        && (hasCapability("IMAP4REV1") || hasCapability("IMAP4REV2") || refreshCapabilities());
}

bool ImapConnection::authenticateOAuth(const QString &user, const QString &token)
{
    if (m_preauth)
        return true;
    bool ok;
    if (hasCapability("AUTH=OAUTHBEARER")) {
        const QByteArray message = "n,a=" + user.toUtf8() + ",\x01host=" + m_endpoint.host.toUtf8()
            + "\x01port=" + QByteArray::number(m_endpoint.port) + "\x01" + "auth=Bearer "
            + token.toUtf8() + "\x01\x01";
        ok = authenticate("OAUTHBEARER", message);
    } else if (hasCapability("AUTH=XOAUTH2")) {
        const QByteArray message
            = "user=" + user.toUtf8() + "\x01" + "auth=Bearer " + token.toUtf8() + "\x01\x01";
        ok = authenticate("XOAUTH2", message);
    } else {
        return fail(Error::Authentication,
            tr("%1 offers neither OAUTHBEARER nor XOAUTH2 sign-in").arg(m_endpoint.host));
    }
    if (!ok && m_error == Error::Command) {
        m_error = Error::Authentication;
        m_errorString = tr("%1 refused the sign-in token: %2").arg(m_endpoint.host, m_lastText);
    }
    return ok && refreshCapabilities();
}

bool ImapConnection::authenticate(const QByteArray &mechanism, const QByteArray &initial)
{
    const bool saslIr = hasCapability("SASL-IR");
    const QByteArray tag = nextTag();
    QByteArray line = tag + " AUTHENTICATE " + mechanism;
    if (saslIr)
        line += ' ' + initial.toBase64();
    if (!send(line))
        return false;
    bool initialSent = saslIr;
    while (true) {
        ImapResponse response;
        if (!readResponse(&response))
            return false;
        if (response.kind == ImapResponse::Kind::Continuation) {
            // The first challenge asks for the initial response; a later one carries an error
            // description (XOAUTH2, OAUTHBEARER) and wants an empty line to end the exchange.
            if (!send(initialSent ? QByteArray() : initial.toBase64()))
                return false;
            initialSent = true;
            continue;
        }
        if (response.kind == ImapResponse::Kind::Untagged)
            continue;
        return finishTagged(response, tag);
    }
}

bool ImapConnection::idle(int maxMs, const std::function<bool(const ImapResponse &)> &wake)
{
    if (!hasCapability("IDLE"))
        return fail(Error::Command, tr("%1 does not support IDLE").arg(m_endpoint.host));
    const QByteArray tag = nextTag();
    if (!send(tag + " IDLE"))
        return false;
    bool idling = false;
    bool woken = false;
    bool done = false;
    QDeadlineTimer deadline(maxMs);
    QDeadlineTimer doneDeadline;
    while (true) {
        ImapResponse response;
        ImapParser::Status status = m_parser.next(&response);
        if (status == ImapParser::Status::Error)
            return fail(Error::Protocol, m_parser.errorString());
        if (status == ImapParser::Status::Response) {
            if (response.kind == ImapResponse::Kind::Continuation) {
                idling = true;
            } else if (response.kind == ImapResponse::Kind::Tagged) {
                if (response.tag != tag || response.status != "OK")
                    return fail(Error::Protocol,
                        tr("IDLE ended with \"%1\"").arg(QString::fromLatin1(response.firstLine)));
                return true;
            } else if (response.status == "BYE") {
                return fail(Error::Network,
                    tr("%1 ended the connection: %2")
                        .arg(m_endpoint.host, QString::fromUtf8(response.text)));
            } else if (wake && wake(response)) {
                woken = true;
            }
            continue;
        }
        const bool stop = woken || deadline.hasExpired() || (m_canceled && m_canceled->load());
        if (idling && stop) {
            idling = false;
            done = true;
            doneDeadline.setRemainingTime(m_endpoint.timeoutMs);
            if (!send("DONE"))
                return false;
        }
        if (done && doneDeadline.hasExpired())
            return fail(Error::Timeout, tr("%1 did not end IDLE").arg(m_endpoint.host));
        // Waiting in slices keeps the cancel flag and the deadline responsive.
        if (m_socket->bytesAvailable() == 0) {
            if (m_socket->state() != QAbstractSocket::ConnectedState)
                return fail(Error::Network, tr("%1 closed the connection").arg(m_endpoint.host));
            m_socket->waitForReadyRead(200);
            if (m_socket->bytesAvailable() == 0)
                continue;
        }
        const QByteArray bytes = m_socket->readAll();
        m_bytesReceived += bytes.size();
        m_parser.feed(bytes);
    }
}

void ImapConnection::logout()
{
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState
        && m_error == Error::None) {
        const int timeout = m_endpoint.timeoutMs;
        m_endpoint.timeoutMs = qMin(timeout, 2000); // do not hang on a server that never answers
        command("LOGOUT");
        m_endpoint.timeoutMs = timeout;
    }
    if (m_socket)
        m_socket->disconnectFromHost();
}
