namespace QuorumMonitor.Notify;

/// <summary>What an attempt's answer means for the message: the delivery loop acts on this, not on status codes.</summary>
public enum DeliveryOutcomeKind
{
    /// <summary>The receiver accepted it; remove it from the outbox.</summary>
    Delivered,

    /// <summary>Try again later with backoff: connection failure, timeout, 408, 429, 5xx.</summary>
    Transient,

    /// <summary>This message can never be accepted as it is (400, 422, PagerDuty "invalid event"): never retried, moved
    /// to the dead letters, and the channel counts as failing until someone retries or drops it.</summary>
    Invalid,

    /// <summary>The receiver refuses us (401/402/403: key revoked, account out of credit): alarm at once, keep the
    /// message and retry slowly so that pages flow again once someone fixes the account.</summary>
    Refused,

    /// <summary>Any other client error or a redirect (404/405/409/413/425, 3xx, ...): often passing (an ingress
    /// mid-deploy answers 404), sometimes a wrong URL. Alarm at once like <see cref="Refused"/> and retry slowly: a
    /// page is never thrown away on an answer that may not be about the message.</summary>
    ClientError,
}
