#pragma once

#include <QMetaType>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QSslConfiguration>

namespace binnacle {

// Everything a WebSocket upgrade (exec, attach, port-forward) needs to reach the server as every other request
// does: the URL and headers with every decorator and credential applied, the TLS configuration (with a client
// certificate from an exec plugin, and HTTP/1.1 only: an upgrade cannot ride HTTP/2), the proxy, and the name the
// server's certificate must carry when the kubeconfig's tls-server-name differs from the URL's host (QWebSocket has
// no setPeerVerifyName: the socket's owner checks it when the host name mismatches).
struct UpgradeRequest
{
    QNetworkRequest request;
    QSslConfiguration ssl;
    QNetworkProxy proxy;
    QString tlsServerName;
};

} // namespace binnacle

Q_DECLARE_METATYPE(binnacle::UpgradeRequest)
