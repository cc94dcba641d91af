#pragma once

class QNetworkRequest;

namespace binnacle {

// One step of the chain every request passes through before it is sent: auth, user agent, impersonation.
class RequestDecorator
{
public:
    virtual ~RequestDecorator() = default;
    virtual void decorate(QNetworkRequest &request) = 0;
};

} // namespace binnacle
