namespace Monitor.Notify;

public enum DeliveryOutcomeKind
{
    /// <summary>The receiver accepted it; remove it from the outbox.</summary>
    Delivered,

    /// <summary>Try again later with backoff: connection failure, timeout, 429, 5xx.</summary>
    Transient,

    /// <summary>This message will never be accepted (400): never retried, moved to the dead letters.</summary>
    Invalid,

    /// <summary>The receiver refuses us (401/402/403: key revoked, account out of credit): alarm at once, keep the
    /// message and retry slowly so that pages flow again once someone fixes the account.</summary>
    Refused,
}
