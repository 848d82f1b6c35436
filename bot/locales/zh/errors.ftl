# 错误与权限
error-permission-denied = 抱歉，这个命令需要{ $required ->
    [admin] 管理员
    [organiser] 组织员
   *[other] 更高
  }权限。
error-internal = 抱歉，处理时出了点问题，已记录下来。请稍后再试。
member-not-found = 找不到成员 { $who }：对方需要先给机器人发送 /start。
member-ref-is-name = “{ $who }”是名字，不是用户ID或 @用户名（名字会重复）。名叫“{ $who }”的成员的用户ID：{ $ids }。请改用用户ID。
member-ref-is-unknown-name = “{ $who }”不是用户ID或 @用户名，也没有名叫“{ $who }”的成员。请写成员的用户ID（成员给机器人发 /me 可以看到）或 @用户名。
role-target-is-admin = { $name } 是配置文件中的管理员，无需授予或撤销组织员角色。
role-granted = 已将 { $name }（{ $id }）设为组织员。
role-already-organiser = { $name }（{ $id }）已经是组织员。
role-revoked = 已撤销 { $name }（{ $id }）的组织员角色。
role-not-organiser = { $name }（{ $id }）不是组织员。
usage-grant = 用法：/grant 用户ID 或 /grant @用户名
usage-revoke = 用法：/revoke 用户ID 或 /revoke @用户名
