namespace QuorumMonitor.Runtime.Permits;

/// <summary>Where permits live. Called under the broker's lock: implementations must be quick.</summary>
public interface IPermitStore
{
    /// <summary>Stores a new permit, giving it the next id.</summary>
    Permit Add(Func<long, Permit> create);

    void Update(Permit permit);

    /// <summary>Every permit, newest last: held ones and those that ended recently.</summary>
    IReadOnlyList<Permit> All();
}
