#pragma once

#include "client/core/error.h"

#include <QObject>

class QNetworkRequest;

namespace binnacle {

// A source of credentials that must be fetched before requests can be sent and may expire (exec plugins).
// The connection holds requests back until a credential is valid, and asks for a fresh one once on a 401.
class CredentialProvider : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual bool hasValidCredential() const = 0;
    virtual void refresh() = 0; // async: emits refreshed() or failed()
    virtual void invalidate() = 0; // the server said 401: the next request refreshes first
    virtual void decorate(QNetworkRequest &request) = 0;

signals:
    void refreshed();
    void failed(const binnacle::Error &error);
};

} // namespace binnacle
