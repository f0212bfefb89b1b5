namespace QuorumMonitor.Host;

/// <summary>A FleetLock client's <c>client_params</c>: its <c>id</c> (the member) and <c>group</c> (the cluster).</summary>
public sealed record FleetLockRequest(string Id, string Group)
{
    /// <summary>The permit holder a FleetLock client is known by, so its steady-state finds the permit its pre-reboot took.</summary>
    public string Holder => $"fleetlock:{Id}";
}
