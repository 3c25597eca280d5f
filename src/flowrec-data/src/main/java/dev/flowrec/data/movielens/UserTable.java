package dev.flowrec.data.movielens;

/**
 * The users.dat attributes as arrays indexed by user id (ids are small and dense, 1 to 6040), so
 * the join is an array lookup per rating instead of a copy of five attributes per rating.
 */
final class UserTable {
    private final byte[] gender; // 'F', 'M', or 0 where users.dat has no such user
    private final byte[] age;
    private final byte[] occupation;
    private final byte[] scenario;
    private final String[] zip;

    UserTable(int maxUserId) {
        gender = new byte[maxUserId + 1];
        age = new byte[maxUserId + 1];
        occupation = new byte[maxUserId + 1];
        scenario = new byte[maxUserId + 1];
        zip = new String[maxUserId + 1];
    }

    void put(int userId, char genderCode, int ageCode, int occupationCode, String zipCode) {
        gender[userId] = (byte) genderCode;
        age[userId] = (byte) ageCode;
        occupation[userId] = (byte) occupationCode;
        scenario[userId] = (byte) MovieLens1m.scenarioOfAge(ageCode);
        zip[userId] = zipCode;
    }

    int maxUserId() {
        return gender.length - 1;
    }

    boolean contains(int userId) {
        return userId >= 0 && userId < gender.length && gender[userId] != 0;
    }

    String gender(int userId) {
        return gender[userId] == 'F' ? "F" : "M";
    }

    int age(int userId) {
        return age[userId];
    }

    int occupation(int userId) {
        return occupation[userId];
    }

    String zip(int userId) {
        return zip[userId];
    }

    int scenario(int userId) {
        return scenario[userId];
    }
}
