namespace QuorumMonitor.Lab.ZooKeeper;

/// <summary>How a <see cref="ScriptedAdminServer"/> misbehaves.</summary>
public enum AdminServerBehaviour
{
    /// <summary>Accepts the connection, never reads or answers.</summary>
    Hang,

    /// <summary>Answers 200 with a JSON body that never ends.</summary>
    EndlessBody,

    /// <summary>Answers 302 to another path on itself.</summary>
    Redirect,
}
