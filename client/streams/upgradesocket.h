#pragma once

#include "client/core/error.h"
#include "client/transport/upgraderequest.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QObject;
class QWebSocket;

namespace binnacle {

class ClusterSession;
struct ApiCall;

// What every WebSocket upgrade to the apiserver (exec, attach, port-forward) does the same way: open the socket as
// the prepared request says (proxy, TLS, the kubeconfig's tls-server-name), and, when the server refuses the
// upgrade, find out why. Qt 6.4's QWebSocket drops the body of a refused handshake, so the refusal is asked again
// with a plain GET, which the apiserver refuses in the same words ("Upgrade request required" if the refusal was not
// the request's fault: then the status code is all there is).
class UpgradeSocket final
{
public:
    // A WebSocket owned by `owner`, set up for `upgrade`: its proxy and TLS configuration, and a certificate that
    // names the kubeconfig's tls-server-name instead of the URL's host accepted (every other TLS error stands).
    // Connect to its signals, then open() it.
    static QWebSocket *create(const UpgradeRequest &upgrade, QObject *owner);
    // Starts the handshake of `upgrade` on `socket`, offering `subprotocols` in order.
    static void open(QWebSocket *socket, const UpgradeRequest &upgrade, const QStringList &subprotocols);

    // The HTTP status of a refused handshake, read from QWebSocket's error text; nullopt for other errors.
    static std::optional<int> refusedStatusCode(const QString &errorString);

    // The server's Status for an upgrade it refused with `statusCode`: `call` again without the upgrade. `done` runs
    // on `context`'s thread while it lives, always with an Api error.
    static void explainRefusal(ClusterSession *session, ApiCall call, int statusCode, QObject *context,
                               std::function<void(const Error &)> done);

    // The error for a socket that failed before the upgrade for another reason (TLS or network).
    static Error connectionError(bool tlsHandshakeFailed, const QString &errorString, const QString &what);
};

} // namespace binnacle
